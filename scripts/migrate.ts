// Applies the migrations to DATABASE_URL: a libSQL file, or remote libSQL/Turso (libsql://, https://)
// before Workers use it through @libsql/client/web. D1 is migrated by wrangler (see README).
//   DATABASE_URL=libsql://renkei-org.turso.io DATABASE_AUTH_TOKEN=... npm run db:migrate
import { migrateDatabase, openDatabase } from '../db/client.js';
import { readConfig } from '../engine/config.js';

const config = readConfig(process.env);
const database = await openDatabase(config.databaseUrl, config.databaseAuthToken);
await migrateDatabase(database);
database.close();
console.log(`migrated ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//')}`);
