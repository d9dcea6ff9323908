import { Injectable } from '@nestjs/common';

/** Wall-clock time in epoch milliseconds; injected so tests can control it. */
@Injectable()
export class Clock {
  now(): bigint {
    return BigInt(Date.now());
  }
}
