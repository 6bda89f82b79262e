// Generated from openapi/openapi.yaml by `npx nx run openapi:generate`. Do not edit by hand.

import type { components } from './schema.ts';

/** `x-api-name`: the API's name, which its problem types, OAuth resource server and AWS resources derive. */
export const apiName = "items-api" as const;

/** `info.version` of the contract. */
export const apiVersion = "1.0.0" as const;

/** Every operation of the contract, by operationId. */
export const operations = {
  "getHealth": {
    "method": "GET",
    "path": "/health",
    "parameters": [],
    "requestBody": null,
    "successStatuses": [
      200
    ],
    "errorStatuses": [
      413,
      429,
      500,
      502,
      504
    ],
    "responseHeaders": {
      "200": [],
      "413": [],
      "429": [],
      "500": [],
      "502": [],
      "504": []
    },
    "successSchemas": {
      "200": "Health"
    },
    "integration": "lambda",
    "resource": null,
    "scopes": [],
    "apiKeyRequired": false
  },
  "listItems": {
    "method": "GET",
    "path": "/items",
    "parameters": [
      {
        "name": "limit",
        "in": "query",
        "required": false,
        "default": 25
      },
      {
        "name": "cursor",
        "in": "query",
        "required": false,
        "default": null
      }
    ],
    "requestBody": null,
    "successStatuses": [
      200
    ],
    "errorStatuses": [
      400,
      401,
      403,
      413,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "200": [],
      "400": [],
      "401": [],
      "403": [],
      "413": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {
      "200": "ItemPage"
    },
    "integration": "lambda",
    "resource": {
      "name": "items",
      "action": "list"
    },
    "scopes": [
      "items:read"
    ],
    "apiKeyRequired": true
  },
  "createItem": {
    "method": "POST",
    "path": "/items",
    "parameters": [],
    "requestBody": {
      "required": true,
      "contentTypes": [
        "application/json"
      ],
      "schema": "NewItem",
      "example": {
        "name": "Espresso cup",
        "description": "A 90 ml porcelain cup.",
        "tags": [
          "kitchen",
          "porcelain"
        ],
        "attributes": {
          "colour": "white",
          "volumeMl": 90,
          "dishwasherSafe": true
        }
      }
    },
    "successStatuses": [
      201
    ],
    "errorStatuses": [
      400,
      401,
      403,
      413,
      415,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "201": [
        "Location",
        "ETag"
      ],
      "400": [],
      "401": [],
      "403": [],
      "413": [],
      "415": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {
      "201": "Item"
    },
    "integration": "lambda",
    "resource": {
      "name": "items",
      "action": "create"
    },
    "scopes": [
      "items:write"
    ],
    "apiKeyRequired": true
  },
  "getItem": {
    "method": "GET",
    "path": "/items/{id}",
    "parameters": [
      {
        "name": "id",
        "in": "path",
        "required": true,
        "default": null
      }
    ],
    "requestBody": null,
    "successStatuses": [
      200
    ],
    "errorStatuses": [
      400,
      401,
      403,
      404,
      413,
      415,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "200": [
        "ETag"
      ],
      "400": [],
      "401": [],
      "403": [],
      "404": [],
      "413": [],
      "415": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {
      "200": "Item"
    },
    "integration": "dynamodb",
    "resource": {
      "name": "items",
      "action": "read"
    },
    "scopes": [
      "items:read"
    ],
    "apiKeyRequired": true
  },
  "putItem": {
    "method": "PUT",
    "path": "/items/{id}",
    "parameters": [
      {
        "name": "id",
        "in": "path",
        "required": true,
        "default": null
      },
      {
        "name": "If-Match",
        "in": "header",
        "required": false,
        "default": null
      },
      {
        "name": "If-None-Match",
        "in": "header",
        "required": false,
        "default": null
      }
    ],
    "requestBody": {
      "required": true,
      "contentTypes": [
        "application/json"
      ],
      "schema": "NewItem",
      "example": {
        "name": "Espresso cup",
        "tags": [
          "kitchen"
        ]
      }
    },
    "successStatuses": [
      200,
      201
    ],
    "errorStatuses": [
      400,
      401,
      403,
      412,
      413,
      415,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "200": [
        "ETag"
      ],
      "201": [
        "Location",
        "ETag"
      ],
      "400": [],
      "401": [],
      "403": [],
      "412": [],
      "413": [],
      "415": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {
      "200": "Item",
      "201": "Item"
    },
    "integration": "lambda",
    "resource": {
      "name": "items",
      "action": "replace"
    },
    "scopes": [
      "items:write"
    ],
    "apiKeyRequired": true
  },
  "deleteItem": {
    "method": "DELETE",
    "path": "/items/{id}",
    "parameters": [
      {
        "name": "id",
        "in": "path",
        "required": true,
        "default": null
      },
      {
        "name": "If-Match",
        "in": "header",
        "required": false,
        "default": null
      }
    ],
    "requestBody": null,
    "successStatuses": [
      204
    ],
    "errorStatuses": [
      400,
      401,
      403,
      404,
      412,
      413,
      415,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "204": [],
      "400": [],
      "401": [],
      "403": [],
      "404": [],
      "412": [],
      "413": [],
      "415": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {},
    "integration": "dynamodb",
    "resource": {
      "name": "items",
      "action": "delete"
    },
    "scopes": [
      "items:write"
    ],
    "apiKeyRequired": true
  },
  "patchItem": {
    "method": "PATCH",
    "path": "/items/{id}",
    "parameters": [
      {
        "name": "id",
        "in": "path",
        "required": true,
        "default": null
      },
      {
        "name": "If-Match",
        "in": "header",
        "required": false,
        "default": null
      }
    ],
    "requestBody": {
      "required": true,
      "contentTypes": [
        "application/merge-patch+json"
      ],
      "schema": "ItemPatch",
      "example": {
        "description": null,
        "tags": [
          "kitchen",
          "sale"
        ]
      }
    },
    "successStatuses": [
      200
    ],
    "errorStatuses": [
      400,
      401,
      403,
      404,
      412,
      413,
      415,
      429,
      500,
      502,
      503,
      504
    ],
    "responseHeaders": {
      "200": [
        "ETag"
      ],
      "400": [],
      "401": [],
      "403": [],
      "404": [],
      "412": [],
      "413": [],
      "415": [],
      "429": [],
      "500": [],
      "502": [],
      "503": [
        "Retry-After"
      ],
      "504": []
    },
    "successSchemas": {
      "200": "Item"
    },
    "integration": "lambda",
    "resource": {
      "name": "items",
      "action": "patch"
    },
    "scopes": [
      "items:write"
    ],
    "apiKeyRequired": true
  }
} as const;

export type OperationId = keyof typeof operations;

/** `x-resources`: what the API stores, one table per resource, with each key and who chooses it. */
export const resources = {
  "items": {
    "schema": "Item",
    "partitionKey": {
      "name": "id",
      "type": "S",
      "chosenBy": "server"
    }
  }
} as const;

export type ResourceName = keyof typeof resources;

/** The shared actions an operation's `x-resource` can name, each with the one DynamoDB action serving it. */
export const resourceActions = {
  "list": "Scan",
  "query": "Query",
  "create": "PutItem",
  "read": "GetItem",
  "replace": "UpdateItem",
  "patch": "UpdateItem",
  "delete": "DeleteItem"
} as const;

export type ResourceAction = keyof typeof resourceActions;

/** The methods each path answers, OPTIONS (CORS preflight) included. */
export const allowedMethods = {
  "/health": [
    "GET",
    "OPTIONS"
  ],
  "/items": [
    "GET",
    "POST",
    "OPTIONS"
  ],
  "/items/{id}": [
    "GET",
    "PUT",
    "DELETE",
    "PATCH",
    "OPTIONS"
  ]
} as const;

/** The operation behind each resource template and method: what API Gateway's `resource` + `httpMethod` name. */
export const routes = {
  "/health": {
    "GET": "getHealth"
  },
  "/items": {
    "GET": "listItems",
    "POST": "createItem"
  },
  "/items/{id}": {
    "GET": "getItem",
    "PUT": "putItem",
    "DELETE": "deleteItem",
    "PATCH": "patchItem"
  }
} as const;

/** The same facts as infrastructure.json: integration timeout, tables and their keys, access, integration kinds and DynamoDB actions. */
export const infrastructure = {
  "apiName": "items-api",
  "integrationTimeoutMillis": 29000,
  "tables": {
    "items": {
      "partitionKey": {
        "name": "id",
        "type": "S"
      }
    }
  },
  "access": {
    "resourceServer": "items-api",
    "scopes": {
      "items:read": "List and read items.",
      "items:write": "Create, replace, patch and delete items."
    },
    "apiKeyHeader": "x-api-key",
    "usagePlans": {
      "standard": {
        "throttle": {
          "rateLimit": 100,
          "burstLimit": 200
        },
        "quota": {
          "limit": 1000000,
          "period": "MONTH"
        }
      }
    }
  },
  "integrations": {
    "lambda": {
      "operations": [
        "getHealth",
        "listItems",
        "createItem",
        "putItem",
        "patchItem"
      ],
      "dynamodbActions": [
        "dynamodb:PutItem",
        "dynamodb:Scan",
        "dynamodb:UpdateItem"
      ],
      "tables": {
        "items": [
          "dynamodb:PutItem",
          "dynamodb:Scan",
          "dynamodb:UpdateItem"
        ]
      }
    },
    "dynamodb": {
      "operations": [
        "getItem",
        "deleteItem"
      ],
      "dynamodbActions": [
        "dynamodb:DeleteItem",
        "dynamodb:GetItem"
      ],
      "tables": {
        "items": [
          "dynamodb:DeleteItem",
          "dynamodb:GetItem"
        ]
      }
    }
  },
  "operations": {
    "getHealth": {
      "method": "GET",
      "path": "/health",
      "integration": "lambda",
      "table": null,
      "dynamodbActions": [],
      "scopes": [],
      "apiKeyRequired": false
    },
    "listItems": {
      "method": "GET",
      "path": "/items",
      "integration": "lambda",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:Scan"
      ],
      "scopes": [
        "items:read"
      ],
      "apiKeyRequired": true
    },
    "createItem": {
      "method": "POST",
      "path": "/items",
      "integration": "lambda",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:PutItem"
      ],
      "scopes": [
        "items:write"
      ],
      "apiKeyRequired": true
    },
    "getItem": {
      "method": "GET",
      "path": "/items/{id}",
      "integration": "dynamodb",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:GetItem"
      ],
      "scopes": [
        "items:read"
      ],
      "apiKeyRequired": true
    },
    "putItem": {
      "method": "PUT",
      "path": "/items/{id}",
      "integration": "lambda",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:UpdateItem"
      ],
      "scopes": [
        "items:write"
      ],
      "apiKeyRequired": true
    },
    "deleteItem": {
      "method": "DELETE",
      "path": "/items/{id}",
      "integration": "dynamodb",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:DeleteItem"
      ],
      "scopes": [
        "items:write"
      ],
      "apiKeyRequired": true
    },
    "patchItem": {
      "method": "PATCH",
      "path": "/items/{id}",
      "integration": "lambda",
      "table": "items",
      "dynamodbActions": [
        "dynamodb:UpdateItem"
      ],
      "scopes": [
        "items:write"
      ],
      "apiKeyRequired": true
    }
  }
} as const;

/** Each object schema's property names, in contract order; each list names exactly its schema type's properties. */
export const schemaProperties = {
  "NewItem": [
    "name",
    "description",
    "tags",
    "attributes"
  ],
  "ItemPatch": [
    "name",
    "description",
    "tags",
    "attributes"
  ],
  "Item": [
    "id",
    "name",
    "description",
    "tags",
    "attributes",
    "version",
    "createdAt",
    "updatedAt"
  ],
  "ItemPage": [
    "items",
    "nextCursor"
  ],
  "Health": [
    "status",
    "version",
    "region"
  ],
  "Problem": [
    "type",
    "title",
    "status",
    "detail",
    "instance",
    "requestId",
    "errors"
  ],
  "ProblemFieldError": [
    "path",
    "message"
  ]
} as const satisfies {
  readonly [K in keyof components['schemas']]?: readonly (keyof components['schemas'][K])[];
};

/** The properties of schema `K` that `Names` leaves out (`never` when it lists them all). */
export type UnlistedProperties<K extends keyof components['schemas'], Names extends readonly PropertyKey[]> = Exclude<
  keyof components['schemas'][K],
  Names[number]
>;

type RequireNone<Unlisted extends never> = Unlisted;

/** Compile-time proof that every list in `schemaProperties` is complete: a property left out fails tsc here, by name. */
export type SchemaPropertiesAreComplete = RequireNone<
  { [K in keyof typeof schemaProperties]: UnlistedProperties<K, (typeof schemaProperties)[K]> }[keyof typeof schemaProperties]
>;

/** `x-cors`: the CORS policy that the gateway and the handler both apply. */
export const cors = {
  "allowOrigin": "*",
  "allowHeaders": [
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Authorization",
    "X-Amz-Date",
    "X-Api-Key",
    "X-Amz-Security-Token"
  ],
  "exposeHeaders": [
    "ETag",
    "Location",
    "Retry-After"
  ],
  "maxAgeSeconds": 600
} as const;

/** `x-problem-types`: every kind of problem+json the API answers with. */
export const problemTypes = {
  "malformed-json": {
    "status": 400,
    "title": "Malformed JSON"
  },
  "validation-failed": {
    "status": 400,
    "title": "Request validation failed"
  },
  "unauthorized": {
    "status": 401,
    "title": "Unauthorized"
  },
  "forbidden": {
    "status": 403,
    "title": "Forbidden"
  },
  "not-found": {
    "status": 404,
    "title": "Not found"
  },
  "precondition-failed": {
    "status": 412,
    "title": "Precondition failed"
  },
  "payload-too-large": {
    "status": 413,
    "title": "Payload too large"
  },
  "unsupported-media-type": {
    "status": 415,
    "title": "Unsupported media type"
  },
  "too-many-requests": {
    "status": 429,
    "title": "Too many requests"
  },
  "internal-error": {
    "status": 500,
    "title": "Internal server error"
  },
  "bad-gateway": {
    "status": 502,
    "title": "Bad gateway"
  },
  "service-unavailable": {
    "status": 503,
    "title": "Service unavailable"
  },
  "gateway-timeout": {
    "status": 504,
    "title": "Gateway timeout"
  }
} as const;

export type ProblemTypeKey = keyof typeof problemTypes;

/** A problem's `type` is this prefix followed by its key. */
export const problemTypeUriPrefix = "urn:items-api:problem:" as const;
