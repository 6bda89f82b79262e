// Generated from openapi/openapi.yaml by `npx nx run openapi:generate`. Do not edit by hand.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the API is up
         * @description Answers without touching DynamoDB, so it tells whether the gateway and the function are up and which
         *     version and Region answered (useful behind latency-based routing across Regions).
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List items, one page at a time
         * @description Returns up to `limit` items and, when more remain, a `nextCursor` to pass back as `cursor`.
         *     A page may hold fewer than `limit` items even when more remain; stop only when `nextCursor` is absent.
         */
        get: operations["listItems"];
        put?: never;
        /**
         * Create an item
         * @description The server generates the item's `id` (a UUID) and returns its URL in `Location`.
         */
        post: operations["createItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The item's id.
                 * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        /**
         * Get an item
         * @description Returns the item with its version as `ETag`.
         */
        get: operations["getItem"];
        /**
         * Replace or create an item
         * @description Stores the item under the given `id`, replacing all of its writable fields. `createdAt` survives a
         *     replace and `version` goes up by one.
         *
         *     - Without conditions, it replaces the item if it exists (`200`) and creates it otherwise (`201`).
         *     - With `If-Match`, it replaces only the item at that version; anything else is `412`.
         *     - With `If-None-Match: *`, it only creates; an existing item is `412`.
         */
        put: operations["putItem"];
        post?: never;
        /**
         * Delete an item
         * @description Deletes the item; with `If-Match`, only if it is still at that version.
         */
        delete: operations["deleteItem"];
        options?: never;
        head?: never;
        /**
         * Update parts of an item
         * @description Applies a JSON merge patch ([RFC 7396](https://www.rfc-editor.org/rfc/rfc7396)): a field set to a value
         *     replaces it, a field set to `null` removes it (`name` cannot be removed), absent fields stay as they are.
         *     `tags` and `attributes` are replaced whole. The patch must change at least one field.
         */
        patch: operations["patchItem"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description 1 to 128 characters of letters, digits, `_` and `-`; server-generated ids are UUIDs. */
        ItemId: string;
        /** @description A human-readable name. */
        ItemName: string;
        /** @description Free text about the item. */
        ItemDescription: string;
        /** @description Up to 20 distinct labels. */
        ItemTags: components["schemas"]["ItemTag"][];
        /** @description A label of 1 to 50 characters. */
        ItemTag: string;
        /**
         * @description Up to 50 named values, each a string, a number or a boolean. A name is 1 to 65,535 bytes of UTF-8 (DynamoDB's
         *     limit for a name in a map) and must not be `__proto__` (the AWS SDK's marshaller cannot carry it as a key);
         *     `constructor`, `prototype` and every other name are stored as given. Names count towards the item's 400 KB.
         *     A name that breaks these rules is refused with `400`, its `errors` entry pointing at the name.
         */
        ItemAttributes: {
            [key: string]: components["schemas"]["AttributeValue"];
        };
        /**
         * @description A string, a number or a boolean. A number is stored exactly as sent, digit for digit, and answered with
         *     the same value, whose spelling may differ (`1.50` as `1.5`, `1e2` as `100`). DynamoDB holds 38
         *     significant digits, a magnitude from 1e-130 to 9.9999999999999999999999999999999999999e125, and no
         *     negative zero; a number it cannot hold (more digits, a magnitude outside that range other than 0, or
         *     `-0`) is refused with `400` naming it, never rounded.
         */
        AttributeValue: string | number | boolean;
        /** @description The writable fields of an item. */
        NewItem: {
            name: components["schemas"]["ItemName"];
            description?: components["schemas"]["ItemDescription"];
            tags?: components["schemas"]["ItemTags"];
            attributes?: components["schemas"]["ItemAttributes"];
        };
        /** @description A JSON merge patch of the writable fields; `null` removes a field. */
        ItemPatch: {
            name?: components["schemas"]["ItemName"];
            /** @description Free text about the item; `null` removes it. */
            description?: string | null;
            /** @description Up to 20 distinct labels, replacing the current ones; `null` removes them. */
            tags?: components["schemas"]["ItemTag"][] | null;
            /**
             * @description Named values replacing the current ones, with the names and values `ItemAttributes` allows; `null` removes
             *     them.
             */
            attributes?: {
                [key: string]: components["schemas"]["AttributeValue"];
            } | null;
        };
        /** @description An item as stored. */
        Item: {
            id: components["schemas"]["ItemId"];
            name: components["schemas"]["ItemName"];
            description?: components["schemas"]["ItemDescription"];
            tags?: components["schemas"]["ItemTags"];
            attributes?: components["schemas"]["ItemAttributes"];
            /** @description Goes up by one with every change; the `ETag` is its strong tag. */
            version: number;
            /**
             * Format: date-time
             * @description When the item was first stored.
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the item was last changed.
             */
            updatedAt: string;
        };
        /** @description One page of items. */
        ItemPage: {
            items: components["schemas"]["Item"][];
            /** @description Pass this back as `cursor` for the next page; absent on the last page. */
            nextCursor?: string;
        };
        /** @description The API's liveness. */
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @description The contract version the function serves. */
            version: string;
            /** @description The AWS Region that answered (`local` on the local stage). */
            region: string;
        };
        /** @description An RFC 9457 problem detail. */
        Problem: {
            /** @description A URI that identifies the kind of problem. */
            type: string;
            /** @description A short summary of the kind of problem. */
            title: string;
            /** @description The HTTP status code. */
            status: number;
            /** @description What went wrong with this request. */
            detail?: string;
            /** @description The request path as the client sent it (with the stage of an execute-api URL or a custom domain's base path). */
            instance?: string;
            /** @description The id to look up in the logs. */
            requestId?: string;
            /** @description Each place where the request breaks the contract. */
            errors?: components["schemas"]["ProblemFieldError"][];
        };
        /** @description One place where the request breaks the contract. */
        ProblemFieldError: {
            /** @description A JSON pointer into the request, rooted at `/body`, `/query`, `/path` or `/headers`. */
            path: string;
            /** @description What is wrong there. */
            message: string;
        };
    };
    responses: {
        /**
         * @description The body is not JSON, or its bytes are not UTF-8 (`malformed-json`), or the request breaks the contract
         *     (`validation-failed`, with `errors` naming each place by a JSON pointer into the request).
         */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:validation-failed",
                 *       "title": "Request validation failed",
                 *       "status": 400,
                 *       "detail": "The request body does not match the contract.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79",
                 *       "errors": [
                 *         {
                 *           "path": "/body/name",
                 *           "message": "must NOT have fewer than 1 characters"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No item has this id, or no route matches the request. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:not-found",
                 *       "title": "Not found",
                 *       "status": 404,
                 *       "detail": "No item has the id \"cup-1\".",
                 *       "instance": "/items/cup-1",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A condition of the request (`If-Match` or `If-None-Match`) does not hold. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:precondition-failed",
                 *       "title": "Precondition failed",
                 *       "status": 412,
                 *       "detail": "The item is not at version \"3\".",
                 *       "instance": "/items/cup-1",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The request is larger than API Gateway takes (10 MB; any operation), or the item would exceed the 400 KB
         *     DynamoDB holds per item.
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:payload-too-large",
                 *       "title": "Payload too large",
                 *       "status": 413,
                 *       "detail": "The item would exceed the 400 KB that one item can hold.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The request's `Content-Type` is not one the operation takes: a body must be `application/json` (a merge
         *     patch `application/merge-patch+json`). An operation API Gateway hands to DynamoDB directly takes no other
         *     `Content-Type`, even without a body: it maps the request through a JSON mapping template only and refuses any
         *     other media type rather than pass the request on unmapped; send no `Content-Type`, or `application/json`.
         */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:unsupported-media-type",
                 *       "title": "Unsupported media type",
                 *       "status": 415,
                 *       "detail": "This operation takes application/json.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description No valid access token: the `Authorization` header is missing, or its token is malformed, expired, not yet
         *     valid, signed by another issuer, not an access token, or lacks the operation's scope (a read-only token on
         *     a write). API Gateway's Cognito authorizer answers all of these with `401`. Get a new token and retry.
         */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:unauthorized",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "The request is not authenticated.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The `x-api-key` header is missing, or names no enabled API key. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:forbidden",
                 *       "title": "Forbidden",
                 *       "status": 403,
                 *       "detail": "The API key is not valid.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description The stage's throttling limit, or the API key's usage plan (its throttle or its quota for the period), was
         *     reached; retry with backoff (after a quota, in the next period).
         */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:too-many-requests",
                 *       "title": "Too many requests",
                 *       "status": 429,
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The database is throttling or out of reach; retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:service-unavailable",
                 *       "title": "Service unavailable",
                 *       "status": 503,
                 *       "detail": "The database is busy; retry shortly.",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Something unexpected failed; the details are in the logs under `requestId`. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:internal-error",
                 *       "title": "Internal server error",
                 *       "status": 500,
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description API Gateway got no valid answer from the function (it crashed or answered malformed); retry. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:bad-gateway",
                 *       "title": "Bad gateway",
                 *       "status": 502,
                 *       "detail": "The function failed to answer.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The function did not answer within API Gateway's integration timeout (29 s); retry. */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:items-api:problem:gateway-timeout",
                 *       "title": "Gateway timeout",
                 *       "status": 504,
                 *       "detail": "The function did not answer in time.",
                 *       "instance": "/items",
                 *       "requestId": "4f9c6a2e-0d1b-4c8e-9a7f-2e3d4c5b6a79"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The item's id.
         * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
         */
        ItemId: components["schemas"]["ItemId"];
        /**
         * @description The most items to return in this page, written as a decimal integer: `0x10`, `1e1`, `+5`, ` 5`, `01` or
         *     `1.0` is refused with `400`.
         * @example 25
         */
        Limit: number;
        /**
         * @description The `nextCursor` of the previous page, passed back unchanged; omit it for the first page. Cursors are
         *     opaque and signed by the deployment that issued them, and a cursor is valid only on the list or query that
         *     issued it (the same resource, and for a query the same path): one this API did not issue, an altered one,
         *     or one issued by another list or query is refused with `400`.
         */
        Cursor: string;
        /**
         * @description Act only if the item's current `ETag` is one of these: `*` (any current item) or a comma-separated list of
         *     entity tags (RFC 9110), e.g. `"3"` or `"3", "4"`. A weak tag (`W/"3"`) or a tag that is not a version
         *     never matches (`412`); anything that is not this syntax is refused with `400`.
         * @example "3"
         */
        IfMatch: string;
        /**
         * @description `*` to create only: the request fails with `412` if the item already exists.
         * @example *
         */
        IfNoneMatch: "*";
    };
    requestBodies: never;
    headers: {
        /**
         * @description The item's version as a strong entity tag, e.g. `"3"`.
         * @example "3"
         */
        ETag: string;
        /**
         * @description The item's URL path as the client addressed the API: the stage of an execute-api URL (`/dev`) or the base
         *     path of a custom domain comes first, so following it reaches the item.
         * @example /dev/items/6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
         */
        Location: string;
        /**
         * @description Seconds to wait before retrying.
         * @example 1
         */
        RetryAfter: number;
    };
    pathItems: never;
}
export type ItemId = components['schemas']['ItemId'];
export type ItemName = components['schemas']['ItemName'];
export type ItemDescription = components['schemas']['ItemDescription'];
export type ItemTags = components['schemas']['ItemTags'];
export type ItemTag = components['schemas']['ItemTag'];
export type ItemAttributes = components['schemas']['ItemAttributes'];
export type AttributeValue = components['schemas']['AttributeValue'];
export type NewItem = components['schemas']['NewItem'];
export type ItemPatch = components['schemas']['ItemPatch'];
export type Item = components['schemas']['Item'];
export type ItemPage = components['schemas']['ItemPage'];
export type Health = components['schemas']['Health'];
export type Problem = components['schemas']['Problem'];
export type ProblemFieldError = components['schemas']['ProblemFieldError'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponsePreconditionFailed = components['responses']['PreconditionFailed'];
export type ResponsePayloadTooLarge = components['responses']['PayloadTooLarge'];
export type ResponseUnsupportedMediaType = components['responses']['UnsupportedMediaType'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseServiceUnavailable = components['responses']['ServiceUnavailable'];
export type ResponseInternalError = components['responses']['InternalError'];
export type ResponseBadGateway = components['responses']['BadGateway'];
export type ResponseGatewayTimeout = components['responses']['GatewayTimeout'];
export type ParameterItemId = components['parameters']['ItemId'];
export type ParameterLimit = components['parameters']['Limit'];
export type ParameterCursor = components['parameters']['Cursor'];
export type ParameterIfMatch = components['parameters']['IfMatch'];
export type ParameterIfNoneMatch = components['parameters']['IfNoneMatch'];
export type HeaderETag = components['headers']['ETag'];
export type HeaderLocation = components['headers']['Location'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "version": "1.0.0",
                     *       "region": "eu-west-1"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    listItems: {
        parameters: {
            query?: {
                /**
                 * @description The most items to return in this page, written as a decimal integer: `0x10`, `1e1`, `+5`, ` 5`, `01` or
                 *     `1.0` is refused with `400`.
                 * @example 25
                 */
                limit?: components["parameters"]["Limit"];
                /**
                 * @description The `nextCursor` of the previous page, passed back unchanged; omit it for the first page. Cursors are
                 *     opaque and signed by the deployment that issued them, and a cursor is valid only on the list or query that
                 *     issued it (the same resource, and for a query the same path): one this API did not issue, an altered one,
                 *     or one issued by another list or query is refused with `400`.
                 */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of items. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
                     *           "name": "Espresso cup",
                     *           "description": "A 90 ml porcelain cup.",
                     *           "tags": [
                     *             "kitchen",
                     *             "porcelain"
                     *           ],
                     *           "attributes": {
                     *             "colour": "white",
                     *             "volumeMl": 90,
                     *             "dishwasherSafe": true
                     *           },
                     *           "version": 3,
                     *           "createdAt": "2026-11-01T09:30:00.000Z",
                     *           "updatedAt": "2026-11-02T14:05:12.345Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["ItemPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    createItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Espresso cup",
                 *       "description": "A 90 ml porcelain cup.",
                 *       "tags": [
                 *         "kitchen",
                 *         "porcelain"
                 *       ],
                 *       "attributes": {
                 *         "colour": "white",
                 *         "volumeMl": 90,
                 *         "dishwasherSafe": true
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["NewItem"];
            };
        };
        responses: {
            /** @description The item was created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
                     *       "name": "Espresso cup",
                     *       "description": "A 90 ml porcelain cup.",
                     *       "tags": [
                     *         "kitchen",
                     *         "porcelain"
                     *       ],
                     *       "attributes": {
                     *         "colour": "white",
                     *         "volumeMl": 90,
                     *         "dishwasherSafe": true
                     *       },
                     *       "version": 1,
                     *       "createdAt": "2026-11-01T09:30:00.000Z",
                     *       "updatedAt": "2026-11-01T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    getItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The item's id.
                 * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
                     *       "name": "Espresso cup",
                     *       "version": 3,
                     *       "createdAt": "2026-11-01T09:30:00.000Z",
                     *       "updatedAt": "2026-11-02T14:05:12.345Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    putItem: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Act only if the item's current `ETag` is one of these: `*` (any current item) or a comma-separated list of
                 *     entity tags (RFC 9110), e.g. `"3"` or `"3", "4"`. A weak tag (`W/"3"`) or a tag that is not a version
                 *     never matches (`412`); anything that is not this syntax is refused with `400`.
                 * @example "3"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
                /**
                 * @description `*` to create only: the request fails with `412` if the item already exists.
                 * @example *
                 */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /**
                 * @description The item's id.
                 * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Espresso cup",
                 *       "tags": [
                 *         "kitchen"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["NewItem"];
            };
        };
        responses: {
            /** @description The item was replaced. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cup-1",
                     *       "name": "Espresso cup",
                     *       "tags": [
                     *         "kitchen"
                     *       ],
                     *       "version": 4,
                     *       "createdAt": "2026-11-01T09:30:00.000Z",
                     *       "updatedAt": "2026-11-03T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            /** @description The item was created. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "cup-1",
                     *       "name": "Espresso cup",
                     *       "tags": [
                     *         "kitchen"
                     *       ],
                     *       "version": 1,
                     *       "createdAt": "2026-11-03T08:00:00.000Z",
                     *       "updatedAt": "2026-11-03T08:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    deleteItem: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Act only if the item's current `ETag` is one of these: `*` (any current item) or a comma-separated list of
                 *     entity tags (RFC 9110), e.g. `"3"` or `"3", "4"`. A weak tag (`W/"3"`) or a tag that is not a version
                 *     never matches (`412`); anything that is not this syntax is refused with `400`.
                 * @example "3"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /**
                 * @description The item's id.
                 * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item was deleted. No content, so no `Content-Type`. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    patchItem: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Act only if the item's current `ETag` is one of these: `*` (any current item) or a comma-separated list of
                 *     entity tags (RFC 9110), e.g. `"3"` or `"3", "4"`. A weak tag (`W/"3"`) or a tag that is not a version
                 *     never matches (`412`); anything that is not this syntax is refused with `400`.
                 * @example "3"
                 */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /**
                 * @description The item's id.
                 * @example 6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b
                 */
                id: components["parameters"]["ItemId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "description": null,
                 *       "tags": [
                 *         "kitchen",
                 *         "sale"
                 *       ]
                 *     }
                 */
                "application/merge-patch+json": components["schemas"]["ItemPatch"];
            };
        };
        responses: {
            /** @description The item after the patch. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "6f1c2a4e-8d3b-4f5a-9c7e-1b2d3e4f5a6b",
                     *       "name": "Espresso cup",
                     *       "tags": [
                     *         "kitchen",
                     *         "sale"
                     *       ],
                     *       "version": 4,
                     *       "createdAt": "2026-11-01T09:30:00.000Z",
                     *       "updatedAt": "2026-11-03T10:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Item"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
}
