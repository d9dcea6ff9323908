/** The environment asks for something the gateway cannot run with; it refuses to start. */
export class ConfigurationError extends Error {}
