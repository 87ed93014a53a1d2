import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server for the dispatch bench, in its own process so that receiving does not take
 * the sender's event loop: it accepts every message, reads it to the end and counts it.
 */
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address() as { port: number };
  console.log(JSON.stringify({ ready: port }));
});
const stop = () => process.stdout.write(`${JSON.stringify({ received })}\n`, () => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
