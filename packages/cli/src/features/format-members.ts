/**
 * What a progress status begins with while training member `member` (0-based) of an ensemble of `members`:
 * `model 2/3: `, or nothing for a single model.
 */
export function memberPrefix(member: number, members: number): string {
  return members === 1 ? '' : `model ${member + 1}/${members}: `;
}
