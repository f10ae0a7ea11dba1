// Starts a throwaway embedded PostgreSQL for the test run. Replaced by the real embedded module
// (src/database/embedded.ts) once it exists.

export interface TestServer {
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  throw new Error('no TEST_DATABASE_URL and the embedded test server is not wired yet');
}
