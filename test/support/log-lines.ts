import { PassThrough } from 'node:stream';

/** A log destination (GatewayConfig.logDestination) whose JSON lines land in `lines`. */
export function capturedLines(lines: Array<Record<string, any>>): PassThrough {
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return destination;
}
