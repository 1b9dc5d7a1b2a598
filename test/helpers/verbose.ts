// Figures and tables a test computes on the way (API members, round trips, fault outcomes): printed only when asked
// with FENGONG_VERBOSE=1, so a normal run shows only what failed.
export const VERBOSE = process.env.FENGONG_VERBOSE === '1';

export function verbose(text: string): void {
  if (VERBOSE) console.log(text);
}
