/**
 * Examples that are type-checked but not run, by id, with the reason: they talk to the Nstrumenta service itself
 * (an API key in `NSTRUMENTA_API_KEY` and the network), or show an error only that service gives. Every other
 * example runs. Keep this list short.
 */
export const TYPE_CHECK_ONLY: Readonly<Record<string, string>> = {
  'nstrumenta/nstrumenta-client.ts:NstrumentaClient': 'reads, downloads and uploads with the Nstrumenta API key',
  'nstrumenta/errors.ts:AuthError': 'a key the Nstrumenta service refuses',
  'nstrumenta/errors.ts:TimeoutError': 'a Nstrumenta service that does not answer in time',
  'nstrumenta/errors.ts:NetworkError': 'a Nstrumenta service that cannot be reached',
  'nstrumenta/errors.ts:IncompleteDownloadError': 'a download from the Nstrumenta storage that stops early',
  'nstrumenta/errors.ts:ResponseFormatError': 'a Nstrumenta API answer of an unexpected shape',
  'nstrumenta/errors.ts:UploadVerificationError': 'an upload the Nstrumenta service records differently',
};
