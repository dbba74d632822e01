// One connection pool for the service; routes borrow clients from it.
import { Pool, PoolClient } from 'pg';

export const pool = new Pool({ connectionString: process.env.DOSE_DB_URL, max: 10 });

export async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
