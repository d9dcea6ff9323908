/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The command ran and found a problem (e.g. consistency below the threshold), or failed. */
  failure: 1,
  /** The command line itself was wrong. */
  usage: 2,
} as const;
