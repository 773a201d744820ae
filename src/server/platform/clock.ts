/** Time is injected so rules and tests never read the wall clock directly. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
