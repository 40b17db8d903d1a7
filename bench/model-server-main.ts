// The test model server in a process of its own (bench/model-server.ts starts it): it answers as
// soon as a request arrives, whatever the bench's own process is doing meanwhile.
import { startMockOpenAI } from "../tests/fixtures/mock-openai";

const mock = await startMockOpenAI();
process.stdout.write(`${JSON.stringify({ url: mock.url, baseURL: mock.baseURL })}\n`);
process.on("SIGTERM", () => void mock.close().then(() => process.exit(0)));
