// The only request body format: JSON, strictly UTF-8, parsed without prototype pollution.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { Invalid } from '../errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function registerJsonBody(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(;.*)?$/i,
    { parseAs: 'buffer' },
    (_request, body: Buffer, done) => {
      let textBody: string;
      try {
        textBody = utf8.decode(body);
      } catch {
        return done(new Invalid('The request body is not valid UTF-8.'), undefined);
      }
      if (textBody.trim() === '') return done(new Invalid('The request body is empty; send a JSON value.'), undefined);
      try {
        return done(null, secureJson.parse(textBody, undefined, { protoAction: 'error', constructorAction: 'error' }));
      } catch (err) {
        return done(new Invalid(`The request body is not valid JSON: ${(err as Error).message}`), undefined);
      }
    },
  );
}
