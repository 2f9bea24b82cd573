/**
 * Where the app reads the time: given to the routes and services whose answers depend on today
 * (what is due or overdue, when a session ends), so a test sets the day rather than waits for it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one moment. */
export const clockAt = (moment: Date | string): Clock => {
  const at = new Date(moment);
  return { now: () => new Date(at) };
};
