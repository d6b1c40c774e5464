/**
 * The reviewer rule for findings and tests alike, as a screen explains it
 * when it blocks a sign-off: the Go side refuses a preparer's own review.
 */
export function reviewerRule(preparer: string, work: string): string {
  return (
    `${preparer} prepared this ${work}, and the reviewer must be someone else: ` +
    'a review is a second pair of eyes. Another person signs off, in Audit Room as themselves.'
  );
}
