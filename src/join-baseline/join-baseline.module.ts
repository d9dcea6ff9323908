import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '../identity/identity.module.js';
import { JoinBaselineController } from './join-baseline.controller.js';
import { JoinBaselineRepository } from './join-baseline.repository.js';

/** BENCHMARK ONLY: mounted by AppModule when BENCH_JOIN_BASELINE=1 (README "Benchmarks"). */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [JoinBaselineController],
  providers: [JoinBaselineRepository],
})
export class JoinBaselineModule {}
