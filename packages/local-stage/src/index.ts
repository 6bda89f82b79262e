export { startLocalStage, StageError, type LocalStage, type LocalStageOptions } from './stage.ts';
export { createGateway, type AccessLogEntry, type GatewayAccess, type GatewayOptions } from './gateway/gateway.ts';
export type { ClientCredentials, DeclaredUsagePlan, StageCredentials } from './access.ts';
export { loadRestApi, type ApiGatewayBody, type Declarations, type RestApi } from './gateway/rest-api.ts';
export { createWorkerInvoker, type WorkerInvokerOptions } from './lambda/worker-invoker.ts';
export type { InvocationOutcome, LambdaInvoker } from './lambda/invoker.ts';
export { startSideGateway, type SideGateway } from './side-gateway.ts';
export { loadStageApi, type ApiSource, type IntegrationsMode } from './api-source.ts';
export { localTableNames } from './table.ts';
