/** The floor plus the handler's own JSON logger writing one line, to compare with floor-powertools.ts. */
import { createLogger } from '../../../handler/src/logger.ts';
import { handler as floor } from './floor.ts';

const logger = createLogger({ level: 'INFO', service: process.env.POWERTOOLS_SERVICE_NAME ?? 'items-api' });

export const handler = async (event: { pathParameters?: { id?: string } | null }) => {
  const result = await floor(event);
  logger.info('request', { status: result.statusCode });
  return result;
};
