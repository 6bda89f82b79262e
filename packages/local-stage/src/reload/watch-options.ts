/** What watch mode watches and where it builds: a module of its own, so paths.ts can give the defaults without importing the dev loop. */
export interface WatchOptions {
  /** The handler's entry module; default packages/handler/src/index.ts. */
  handlerEntry: string;
  /** Directories whose changes rebuild the handler; default the handler's src/ and openapi/generated/. */
  handlerSources: string[];
  /** Default openapi/openapi.yaml. */
  contractPath: string;
  /** Where the contract's artifacts are (re)generated and read from; default openapi/generated/. */
  generatedDirectory: string;
  /** Where the watch-mode bundle (and the docs page, in docs/) is written; default .local/handler-build. */
  buildDirectory: string;
}
