import { Logger } from '@aws-lambda-powertools/logger';

/** One configured logger per service; handlers import it. Never log request bodies: they carry personal data. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
