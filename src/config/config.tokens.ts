/** Injection token of the `GatewayConfig` read at start-up. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
