import { defineConfig } from 'prisma/config';

// The Prisma CLI is used only for `prisma generate`: the schema engine cannot be downloaded on
// our machines, so the database schema is owned by the SQL files in prisma/migrations (applied by
// postgrator, see src/database/migrations.ts) and test/integration/prisma-schema.int.spec.ts keeps
// this file honest against the migrated database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
});
