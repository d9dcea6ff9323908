import { readGatewayConfig } from '../config/gateway-config.js';
import { ViewerTokens } from '../identity/viewer-tokens.js';

/** `npm run token -- <userId>`: prints a bearer token for that user, alone on the last line. */
const [userId] = process.argv.slice(2);
if (!userId || !/^\d{1,19}$/.test(userId)) {
  console.error('usage: npm run token -- <userId>');
  process.exit(2);
}
const tokens = new ViewerTokens(readGatewayConfig());
console.log(await tokens.issue(BigInt(userId)));
