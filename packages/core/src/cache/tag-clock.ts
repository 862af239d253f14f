/**
 * The time tagged entries are stamped with and tags are invalidated at: the wall clock, made
 * strictly increasing within the process, so that an entry written right after a `deleteByTag`
 * on the same instance (even within the same millisecond) is after it. Between hosts the
 * boundary moves by their clock skew: keep clocks synchronised (NTP).
 */
let last = 0;

/** Milliseconds since the epoch, strictly greater than any earlier result in this process. */
export function tagClock(): number {
  const now = Date.now();
  last = now > last ? now : last + 0.001;
  return last;
}
