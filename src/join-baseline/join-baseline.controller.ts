import { Controller, Get, Headers, HttpException, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '../errors/domain-error.js';
import { ViewerTokens } from '../identity/viewer-tokens.js';
import { GetContactsQuery } from '../read/contacts/get-contacts.query.js';
import { GetConversationsQuery } from '../read/conversations/get-conversations.query.js';
import { JoinBaselineRepository } from './join-baseline.repository.js';

/**
 * BENCHMARK ONLY (BENCH_JOIN_BASELINE=1): the same lists over one plain JSON route, computed either
 * by the join-based design or from the read model (through the QueryBus, as GraphQL does), so the
 * two differ only in where the rows come from.
 */
@Controller('bench')
export class JoinBaselineController {
  constructor(
    private readonly tokens: ViewerTokens,
    private readonly joins: JoinBaselineRepository,
    private readonly queryBus: QueryBus,
  ) {}

  @Get('join/conversations')
  async joinConversations(@Headers('authorization') authorization: string, @Query('first') first = '20') {
    return json(await this.joins.conversations(await this.viewer(authorization), Number(first)));
  }

  @Get('join/contacts')
  async joinContacts(@Headers('authorization') authorization: string, @Query('first') first = '50') {
    return json(await this.joins.contacts(await this.viewer(authorization), Number(first)));
  }

  @Get('read-model/conversations')
  async readModelConversations(@Headers('authorization') authorization: string, @Query('first') first = '20') {
    const page = await this.queryBus.execute(new GetConversationsQuery(await this.viewer(authorization), Number(first)));
    return json(page.items);
  }

  @Get('read-model/contacts')
  async readModelContacts(@Headers('authorization') authorization: string, @Query('first') first = '50') {
    const page = await this.queryBus.execute(new GetContactsQuery(await this.viewer(authorization), Number(first)));
    return json(page.items);
  }

  private async viewer(authorization: string | undefined): Promise<bigint> {
    try {
      return await this.tokens.viewerOfAuthorization(authorization ?? '');
    } catch (error) {
      if (error instanceof DomainError) throw new HttpException(error.message, 401);
      throw error;
    }
  }
}

/** bigint is not JSON: ids and times go out as strings, as GraphQL sends them. */
function json(rows: readonly unknown[]): string {
  return JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}
