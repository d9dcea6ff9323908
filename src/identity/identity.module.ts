import { Module } from '@nestjs/common';
import { ViewerTokens } from './viewer-tokens.js';

@Module({ providers: [ViewerTokens], exports: [ViewerTokens] })
export class IdentityModule {}
