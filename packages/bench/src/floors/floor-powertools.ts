/** The floor plus Powertools for AWS Lambda's Logger writing one line: what Powertools would add to cold start. */
import { Logger } from '@aws-lambda-powertools/logger';
import { handler as floor } from './floor.ts';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'items-api' });

export const handler = async (event: { pathParameters?: { id?: string } | null }) => {
  const result = await floor(event);
  logger.info('request', { status: result.statusCode });
  return result;
};
