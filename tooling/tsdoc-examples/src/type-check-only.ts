/**
 * Examples that are type-checked but not run, by id, with the reason: they talk to the Nstrumenta service itself
 * (an API key and the network). Every other example runs. Keep this list short.
 */
export const TYPE_CHECK_ONLY: Readonly<Record<string, string>> = {};
