// Generated from the API's OpenAPI description by `npm run api-types` (bin/api-types.js).
// Do not edit: change the route schemas in src/api/ and generate again.

export interface paths {
  '/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              action: string;
              actor: string;
              at: string;
              details: unknown;
              target: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/compat/importws': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description importWS compatibility: the seed API's 21 parameters, answered "|Retuen|Success|Retuen|<import id>" or "|Retuen|Failed|Retuen|<reason>". */
    get: {
      parameters: {
        query?: {
          changepackage?: string;
          context?: string;
          delrow?: string;
          dialtime_field?: string;
          dupdiallist?: string;
          dupway?: string;
          emptyagent?: string;
          exetime?: string;
          list?: string;
          model_id?: string;
          modeltype?: string;
          orgidentity?: string;
          password?: string;
          phone_field?: string;
          priority_field?: string;
          pwdtype?: string;
          resetstatus?: string;
          source?: string;
          source_pwd?: string;
          source_user?: string;
          user?: string;
          usertype?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    /** @description importWS compatibility: the seed API's 21 parameters, answered "|Retuen|Success|Retuen|<import id>" or "|Retuen|Failed|Retuen|<reason>". */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entity-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description records of the workspace */
              count: number;
              /** @description the options an import of this type takes unless told otherwise */
              defaults: {
                commit: string;
                country: string | null;
                dateOrder: string | null;
                match: string | null;
                mode: string;
              };
              fields: {
                label: string;
                name: string;
                /** @description a selection: the values it accepts */
                options?: string[];
                references: string | null;
                required: boolean;
                type: string;
              }[];
              identifiers: string[];
              label: string;
              name: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entity-types/{name}/records': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A page of stored records, newest first: `q` searches text fields, any other parameter filters by field. */
    get: {
      parameters: {
        query?: {
          limit?: number;
          offset?: number;
          q?: string;
        };
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entity-types/{name}/template': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description A blank template of the entity type: its headers, and notes on each. */
    get: {
      parameters: {
        query?: {
          format?: 'csv' | 'xlsx';
        };
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              status?: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          entity?: string;
          from?: string;
          limit?: number;
          offset?: number;
          status?: string;
          to?: string;
          user?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            }[];
          };
        };
      };
    };
    put?: never;
    /** @description Upload one or more files (CSV, XLSX, ZIP, JSON) as "files", with optional fields entity, options (JSON), approval, dryRun, outcomes, runAt. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** @description Change a draft: entity, options (mapping {header: field|null}, exclude [members], match, mode, commit...), approval, notify. */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            approval?: boolean;
            entity?: string;
            notify?: string[];
            options?: {
              [key: string]: unknown;
            };
            outcomes?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/imports/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description let a validated import be written (from awaiting_approval); 409 with the steps allowed now otherwise */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description an import that erases records is approved only with their number, as its plan counts them (erase cannot be undone) */
            confirmErase?: number;
          } | null;
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description stop an import before it is written (from draft, incomplete, validating, awaiting_approval, queued, running); 409 with the steps allowed now otherwise */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/corrections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description What Intake corrected (file, line, field, from, to, rule), a page at a time; `after` takes the `cursor` of the page before, `next` is the offset of the next page. */
    get: {
      parameters: {
        query?: {
          after?: string;
          limit?: number;
          offset?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cursor: string | null;
              next: number | null;
              rows: {
                field: string;
                file: string;
                from: string;
                line: number;
                rule: string;
                to: string;
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/files': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The files of an import as Intake reads them: each sheet or ZIP member with its entity type (or UNKNOWN), rows, header, mapping and sample values. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              file: string;
              ignored: string[];
              sheets: {
                candidates: {
                  entity: string;
                  score: number;
                }[];
                delimiter: string;
                encoding: string;
                entity: string;
                /** @description the problems of the first 1,000 rows as validation would find them (matching, duplicates and references wait for validation) */
                firstRows?: {
                  corrected: number;
                  more: number;
                  problems: {
                    code: string;
                    column: string | null;
                    field: string | null;
                    line: number;
                    message: string;
                    value?: string;
                  }[];
                  refused: number;
                  rows: number;
                };
                header: string[];
                headerLine: number;
                mapping: {
                  /** @description the fields the column could also be, closest first (a draft only) */
                  alternatives?: {
                    confidence: number;
                    field: string;
                  }[];
                  confidence: number;
                  field: string | null;
                  header: string;
                  method: string;
                }[];
                name: string;
                /** @description the mapping and options the last import of the same columns and entity type used in this workspace (offered, not applied) */
                remembered?: {
                  at: string;
                  importId: string;
                  options: {
                    [key: string]: unknown;
                  };
                };
                /** @description data rows; estimated from the size when rowsEstimated */
                rows: number;
                /** @description a large file answered from its first rows while it is read through */
                rowsEstimated?: boolean;
                samples: string[][];
                sheet?: string;
                sheets?: string[];
                /** @description a workbook sheet's rows above its header found to be titles, and skipped */
                titleRows?: number[];
                /** @description a workbook sheet's first rows as they are, above the header too (to choose the header row: options.headerRows) */
                top?: {
                  cells: string[];
                  line: number;
                }[];
                warnings: string[];
              }[];
              skipped: {
                name: string;
                reason: string;
              }[];
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/problems': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The problems of the rows by code and field, with how many rows have each; `fixable`: one fix can answer all of them (`options.fixes`, kind `problem`). */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              field: string;
              fixable: boolean;
              rows: number;
              /** @description a value not in the list: the refused values, most rows first (up to 50), for a fix of kind `value` */
              values?: {
                rows: number;
                value: string;
              }[];
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description refuse a validated import, with a reason (from awaiting_approval); 409 with the steps allowed now otherwise */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            reason: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/reopen': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description take a validated import back to its mapping, to change it and validate again (from awaiting_approval, dry_run, failed); 409 with the steps allowed now otherwise */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Run a failed import again from its files (for 7 days by default), or validate one awaiting approval again, optionally with another entity type, mapping or options. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            entity?: string;
            options?: {
              [key: string]: unknown;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The reports an import has now: rendered from the database on request, by any API node. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              href?: string;
              name?: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/reports/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One report, streamed from the database. With an API token, or with the signed link of an e-mail (w, expires, sig), which opens this one file until it expires. */
    get: {
      parameters: {
        query?: {
          expires?: string;
          sig?: string;
          w?: string;
        };
        header?: never;
        path: {
          id: string;
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/rows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Row outcomes (planned while validating, final once committed), a page at a time, from the row results kept in the database. Pass the `cursor` of a page as `after` for the next one (the same cost at any depth); `next` is the offset of the next page, for jumping. */
    get: {
      parameters: {
        query?: {
          after?: string;
          code?: string;
          limit?: number;
          offset?: number;
          outcome?:
            | 'created'
            | 'updated'
            | 'inactivated'
            | 'reactivated'
            | 'deleted'
            | 'anonymized'
            | 'erased'
            | 'unchanged'
            | 'skipped'
            | 'rejected';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cursor: string | null;
              next: number | null;
              rows: {
                changed: string;
                code: string;
                /** @description what was corrected in the row, field by field (by Intake or a fix) */
                corrections: {
                  field: string;
                  from: string;
                  rule: string;
                  to: string;
                }[];
                file: string;
                line: number;
                message: string;
                outcome: string;
                problems: {
                  code: string;
                  field: string;
                  message: string;
                }[];
                row: number;
                step: string;
                values: {
                  [key: string]: string;
                };
              }[];
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/undo': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Undo an import (SPEC C4): records it created are deleted, records it updated get their before-image back. A record changed since by a later import is refused (undo newest first), unless `force`. `dryRun` answers what it would do, and does nothing. Otherwise the undo runs as a job: 202 with the import, status undoing. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            dryRun?: boolean;
            force?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              deleted: number;
              refusals: {
                code: string;
                message: string;
                row: number;
              }[];
              refused: number;
              restored: number;
            };
          };
        };
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/{id}/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description validate a draft (from draft); 409 with the steps allowed now otherwise */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/imports/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Inline records (field=value||field=value, one record per line) or URLs. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            approval?: boolean;
            draft?: boolean;
            dryRun?: boolean;
            entity?: string;
            force?: boolean;
            inline?: string;
            notify?: string[];
            options?: {
              [key: string]: unknown;
            };
            outcomes?: boolean;
            review?: boolean;
            /** Format: date-time */
            runAt?: string;
            template?: string;
            /** @description http, https, ftp or sftp URLs; credentials are kept sealed */
            urls?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              code: string;
              details: {
                [key: string]: unknown;
              };
              message: string;
            };
          };
        };
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: string | null;
              counts: {
                anonymized: number;
                created: number;
                deleted: number;
                erased: number;
                inactivated: number;
                reactivated: number;
                rejected: number;
                rows: number;
                skipped: number;
                unchanged: number;
                updated: number;
              } | null;
              createdAt: string;
              createdBy: string | null;
              entities: string[];
              error: string | null;
              errorCode: string | null;
              events?: {
                actor: string;
                at: string;
                from: string | null;
                note: string | null;
                to: string;
              }[];
              finishedAt: string | null;
              id: string;
              progress: {
                at?: string;
                /** @enum {string} */
                phase: 'scan' | 'stage' | 'plan' | 'commit' | 'report' | 'undo';
                rows: number;
                since?: string;
                total: number;
              } | null;
              settings: {
                entity: string | null;
                files: string[];
                /** @description import options (docs/configuration.md, intake import --help) */
                options: {
                  allowProtected?: boolean;
                  /** @enum {string} */
                  changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                  checkRanges?: boolean;
                  clearEmpty?: boolean | string[];
                  /** @enum {string} */
                  commit?: 'atomic' | 'partial';
                  confirmErase?: number;
                  country?: string;
                  createMissingOptions?: boolean;
                  /** @enum {string} */
                  dateOrder?: 'dmy' | 'mdy';
                  delimiter?: string;
                  dialtimeField?: string;
                  dryRun?: boolean;
                  /** @enum {string} */
                  dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                  /** @enum {string} */
                  duplicates?: 'rows' | 'file' | 'merge';
                  /** @enum {string} */
                  dupway?: 'update' | 'skip';
                  emptyagent?: boolean;
                  encoding?: string;
                  exclude?: string[];
                  falseWords?: string[];
                  fixes?: (
                    | {
                        column: string;
                        file: string;
                        /** @enum {string} */
                        kind: 'edit';
                        line: number;
                        value: string;
                      }
                    | {
                        column: string;
                        file?: string;
                        find: string;
                        /** @enum {string} */
                        kind: 'replace';
                        replace: string;
                        whole?: boolean;
                      }
                    | {
                        field: string;
                        from: string;
                        /** @enum {string} */
                        kind: 'value';
                        to: string;
                      }
                    | {
                        /** @enum {string} */
                        code:
                          | 'INTAKE_E_CONTROL_CHAR'
                          | 'INTAKE_E_DATE'
                          | 'INTAKE_E_DATE_AMBIGUOUS'
                          | 'INTAKE_E_DATE_FUTURE'
                          | 'INTAKE_E_EMAIL'
                          | 'INTAKE_E_ENUM'
                          | 'INTAKE_E_MAX_LENGTH'
                          | 'INTAKE_E_PATTERN'
                          | 'INTAKE_E_PHONE'
                          | 'INTAKE_E_TYPE';
                        field: string;
                        file?: string;
                        /** @enum {string} */
                        kind: 'problem';
                        value: string | null;
                      }
                  )[];
                  headerRow?: number;
                  headerRows?: {
                    [key: string]: number;
                  };
                  /** @enum {string} */
                  hiddenRows?: 'import' | 'skip';
                  list?: string;
                  lookup?: {
                    [key: string]: string;
                  };
                  mapping?: {
                    [key: string]: string | null;
                  };
                  match?: string;
                  /** @enum {string} */
                  mode?:
                    | 'create'
                    | 'update'
                    | 'upsert'
                    | 'inactivate'
                    | 'reactivate'
                    | 'delete'
                    | 'anonymize'
                    | 'erase';
                  only?: string[];
                  phoneField?: string;
                  priorityField?: string;
                  referenceDefaults?: {
                    [key: string]: string;
                  };
                  resetstatus?: boolean;
                  sheet?: string;
                  skipLines?: number;
                  trueWords?: string[];
                  unique?: string[];
                  /** @enum {string} */
                  unmapped?: 'custom' | 'ignore';
                  updateFields?: string[];
                  validateEmail?: boolean;
                  validatePhone?: boolean;
                  verify?: string[];
                };
              };
              status: string;
              /** @description the steps people may take now (roles: docs/service.md) */
              steps?: string[];
              /** @description the last undo: who asked, forced or not, and once done its counts */
              undo: {
                [key: string]: unknown;
              } | null;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The token in use: its name, workspace and role. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              name: string;
              role: string;
              workspace: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** @description A user's new password; the current one is asked. Their other sessions end. */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            current: string;
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/records/{entity}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Stored records, streamed; any other query parameter filters by field (`?status=ACTIVE`). */
    get: {
      parameters: {
        query?: {
          format?: 'ndjson' | 'csv' | 'json';
        };
        header?: never;
        path: {
          entity: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/records/{entity}/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description One record by an identifier (`by`, default: the first identifier). */
    get: {
      parameters: {
        query?: {
          by?: string;
        };
        header?: never;
        path: {
          entity: string;
          key: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Sign in: a name and password, or an API token. The session is set in an http-only cookie (intake_session). */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            password?: string;
            token?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              expiresAt?: string;
              name: string;
              role: string;
              workspace: string;
            };
          };
        };
      };
    };
    /** @description Sign out: the session ends on the server and its cookie is cleared. */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/session/methods': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description How people sign in here: always a name and password (or an API token); `oidc` when an identity provider is configured (GET /session/oidc starts it). */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              oidc: {
                label: string;
              } | null;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/session/oidc': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Sign in with the identity provider: a redirect to it (authorization code flow with PKCE); it sends the browser back to /session/oidc/callback. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/session/oidc/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Back from the identity provider: the session cookie is set and the browser goes to the web UI; a refusal goes there too, said on the sign-in page. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/templates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: boolean;
              entity: string;
              name: string;
              notify: string[];
              /** @description import options (docs/configuration.md, intake import --help) */
              options: {
                allowProtected?: boolean;
                /** @enum {string} */
                changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                checkRanges?: boolean;
                clearEmpty?: boolean | string[];
                /** @enum {string} */
                commit?: 'atomic' | 'partial';
                confirmErase?: number;
                country?: string;
                createMissingOptions?: boolean;
                /** @enum {string} */
                dateOrder?: 'dmy' | 'mdy';
                delimiter?: string;
                dialtimeField?: string;
                dryRun?: boolean;
                /** @enum {string} */
                dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                /** @enum {string} */
                duplicates?: 'rows' | 'file' | 'merge';
                /** @enum {string} */
                dupway?: 'update' | 'skip';
                emptyagent?: boolean;
                encoding?: string;
                exclude?: string[];
                falseWords?: string[];
                fixes?: (
                  | {
                      column: string;
                      file: string;
                      /** @enum {string} */
                      kind: 'edit';
                      line: number;
                      value: string;
                    }
                  | {
                      column: string;
                      file?: string;
                      find: string;
                      /** @enum {string} */
                      kind: 'replace';
                      replace: string;
                      whole?: boolean;
                    }
                  | {
                      field: string;
                      from: string;
                      /** @enum {string} */
                      kind: 'value';
                      to: string;
                    }
                  | {
                      /** @enum {string} */
                      code:
                        | 'INTAKE_E_CONTROL_CHAR'
                        | 'INTAKE_E_DATE'
                        | 'INTAKE_E_DATE_AMBIGUOUS'
                        | 'INTAKE_E_DATE_FUTURE'
                        | 'INTAKE_E_EMAIL'
                        | 'INTAKE_E_ENUM'
                        | 'INTAKE_E_MAX_LENGTH'
                        | 'INTAKE_E_PATTERN'
                        | 'INTAKE_E_PHONE'
                        | 'INTAKE_E_TYPE';
                      field: string;
                      file?: string;
                      /** @enum {string} */
                      kind: 'problem';
                      value: string | null;
                    }
                )[];
                headerRow?: number;
                headerRows?: {
                  [key: string]: number;
                };
                /** @enum {string} */
                hiddenRows?: 'import' | 'skip';
                list?: string;
                lookup?: {
                  [key: string]: string;
                };
                mapping?: {
                  [key: string]: string | null;
                };
                match?: string;
                /** @enum {string} */
                mode?:
                  | 'create'
                  | 'update'
                  | 'upsert'
                  | 'inactivate'
                  | 'reactivate'
                  | 'delete'
                  | 'anonymize'
                  | 'erase';
                only?: string[];
                phoneField?: string;
                priorityField?: string;
                referenceDefaults?: {
                  [key: string]: string;
                };
                resetstatus?: boolean;
                sheet?: string;
                skipLines?: number;
                trueWords?: string[];
                unique?: string[];
                /** @enum {string} */
                unmapped?: 'custom' | 'ignore';
                updateFields?: string[];
                validateEmail?: boolean;
                validatePhone?: boolean;
                verify?: string[];
              };
              schedule?: {
                cron: string;
                next: string;
                since: string;
                timezone: string;
                url: string;
              };
              updatedAt?: string;
              updatedBy?: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/templates/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: boolean;
              entity: string;
              name: string;
              notify: string[];
              /** @description import options (docs/configuration.md, intake import --help) */
              options: {
                allowProtected?: boolean;
                /** @enum {string} */
                changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                checkRanges?: boolean;
                clearEmpty?: boolean | string[];
                /** @enum {string} */
                commit?: 'atomic' | 'partial';
                confirmErase?: number;
                country?: string;
                createMissingOptions?: boolean;
                /** @enum {string} */
                dateOrder?: 'dmy' | 'mdy';
                delimiter?: string;
                dialtimeField?: string;
                dryRun?: boolean;
                /** @enum {string} */
                dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                /** @enum {string} */
                duplicates?: 'rows' | 'file' | 'merge';
                /** @enum {string} */
                dupway?: 'update' | 'skip';
                emptyagent?: boolean;
                encoding?: string;
                exclude?: string[];
                falseWords?: string[];
                fixes?: (
                  | {
                      column: string;
                      file: string;
                      /** @enum {string} */
                      kind: 'edit';
                      line: number;
                      value: string;
                    }
                  | {
                      column: string;
                      file?: string;
                      find: string;
                      /** @enum {string} */
                      kind: 'replace';
                      replace: string;
                      whole?: boolean;
                    }
                  | {
                      field: string;
                      from: string;
                      /** @enum {string} */
                      kind: 'value';
                      to: string;
                    }
                  | {
                      /** @enum {string} */
                      code:
                        | 'INTAKE_E_CONTROL_CHAR'
                        | 'INTAKE_E_DATE'
                        | 'INTAKE_E_DATE_AMBIGUOUS'
                        | 'INTAKE_E_DATE_FUTURE'
                        | 'INTAKE_E_EMAIL'
                        | 'INTAKE_E_ENUM'
                        | 'INTAKE_E_MAX_LENGTH'
                        | 'INTAKE_E_PATTERN'
                        | 'INTAKE_E_PHONE'
                        | 'INTAKE_E_TYPE';
                      field: string;
                      file?: string;
                      /** @enum {string} */
                      kind: 'problem';
                      value: string | null;
                    }
                )[];
                headerRow?: number;
                headerRows?: {
                  [key: string]: number;
                };
                /** @enum {string} */
                hiddenRows?: 'import' | 'skip';
                list?: string;
                lookup?: {
                  [key: string]: string;
                };
                mapping?: {
                  [key: string]: string | null;
                };
                match?: string;
                /** @enum {string} */
                mode?:
                  | 'create'
                  | 'update'
                  | 'upsert'
                  | 'inactivate'
                  | 'reactivate'
                  | 'delete'
                  | 'anonymize'
                  | 'erase';
                only?: string[];
                phoneField?: string;
                priorityField?: string;
                referenceDefaults?: {
                  [key: string]: string;
                };
                resetstatus?: boolean;
                sheet?: string;
                skipLines?: number;
                trueWords?: string[];
                unique?: string[];
                /** @enum {string} */
                unmapped?: 'custom' | 'ignore';
                updateFields?: string[];
                validateEmail?: boolean;
                validatePhone?: boolean;
                verify?: string[];
              };
              schedule?: {
                cron: string;
                next: string;
                since: string;
                timezone: string;
                url: string;
              };
              updatedAt?: string;
              updatedBy?: string;
            };
          };
        };
      };
    };
    /** @description Create or replace a template: importers their own (without a schedule), admins any. */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default false */
            approval?: boolean;
            entity: string;
            /** @default [] */
            notify?: string[];
            /** @default {} */
            options?: {
              [key: string]: unknown;
            };
            /** @description A recurring source: the URL (http, https, ftp, sftp; credentials kept sealed, *** keeps the kept ones) imported on a cron schedule in a time zone (docs/schedules.md) */
            schedule?: {
              cron: string;
              /** @default UTC */
              timezone?: string;
              url: string;
            } | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: boolean;
              entity: string;
              name: string;
              notify: string[];
              /** @description import options (docs/configuration.md, intake import --help) */
              options: {
                allowProtected?: boolean;
                /** @enum {string} */
                changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                checkRanges?: boolean;
                clearEmpty?: boolean | string[];
                /** @enum {string} */
                commit?: 'atomic' | 'partial';
                confirmErase?: number;
                country?: string;
                createMissingOptions?: boolean;
                /** @enum {string} */
                dateOrder?: 'dmy' | 'mdy';
                delimiter?: string;
                dialtimeField?: string;
                dryRun?: boolean;
                /** @enum {string} */
                dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                /** @enum {string} */
                duplicates?: 'rows' | 'file' | 'merge';
                /** @enum {string} */
                dupway?: 'update' | 'skip';
                emptyagent?: boolean;
                encoding?: string;
                exclude?: string[];
                falseWords?: string[];
                fixes?: (
                  | {
                      column: string;
                      file: string;
                      /** @enum {string} */
                      kind: 'edit';
                      line: number;
                      value: string;
                    }
                  | {
                      column: string;
                      file?: string;
                      find: string;
                      /** @enum {string} */
                      kind: 'replace';
                      replace: string;
                      whole?: boolean;
                    }
                  | {
                      field: string;
                      from: string;
                      /** @enum {string} */
                      kind: 'value';
                      to: string;
                    }
                  | {
                      /** @enum {string} */
                      code:
                        | 'INTAKE_E_CONTROL_CHAR'
                        | 'INTAKE_E_DATE'
                        | 'INTAKE_E_DATE_AMBIGUOUS'
                        | 'INTAKE_E_DATE_FUTURE'
                        | 'INTAKE_E_EMAIL'
                        | 'INTAKE_E_ENUM'
                        | 'INTAKE_E_MAX_LENGTH'
                        | 'INTAKE_E_PATTERN'
                        | 'INTAKE_E_PHONE'
                        | 'INTAKE_E_TYPE';
                      field: string;
                      file?: string;
                      /** @enum {string} */
                      kind: 'problem';
                      value: string | null;
                    }
                )[];
                headerRow?: number;
                headerRows?: {
                  [key: string]: number;
                };
                /** @enum {string} */
                hiddenRows?: 'import' | 'skip';
                list?: string;
                lookup?: {
                  [key: string]: string;
                };
                mapping?: {
                  [key: string]: string | null;
                };
                match?: string;
                /** @enum {string} */
                mode?:
                  | 'create'
                  | 'update'
                  | 'upsert'
                  | 'inactivate'
                  | 'reactivate'
                  | 'delete'
                  | 'anonymize'
                  | 'erase';
                only?: string[];
                phoneField?: string;
                priorityField?: string;
                referenceDefaults?: {
                  [key: string]: string;
                };
                resetstatus?: boolean;
                sheet?: string;
                skipLines?: number;
                trueWords?: string[];
                unique?: string[];
                /** @enum {string} */
                unmapped?: 'custom' | 'ignore';
                updateFields?: string[];
                validateEmail?: boolean;
                validatePhone?: boolean;
                verify?: string[];
              };
              schedule?: {
                cron: string;
                next: string;
                since: string;
                timezone: string;
                url: string;
              };
              updatedAt?: string;
              updatedBy?: string;
            };
          };
        };
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval: boolean;
              entity: string;
              name: string;
              notify: string[];
              /** @description import options (docs/configuration.md, intake import --help) */
              options: {
                allowProtected?: boolean;
                /** @enum {string} */
                changepackage?: 'skip' | 'unassignToCurrent' | 'reassignToCurrent';
                checkRanges?: boolean;
                clearEmpty?: boolean | string[];
                /** @enum {string} */
                commit?: 'atomic' | 'partial';
                confirmErase?: number;
                country?: string;
                createMissingOptions?: boolean;
                /** @enum {string} */
                dateOrder?: 'dmy' | 'mdy';
                delimiter?: string;
                dialtimeField?: string;
                dryRun?: boolean;
                /** @enum {string} */
                dupdiallist?: 'ignoreDuplicate' | 'all' | 'ignoreSuccess';
                /** @enum {string} */
                duplicates?: 'rows' | 'file' | 'merge';
                /** @enum {string} */
                dupway?: 'update' | 'skip';
                emptyagent?: boolean;
                encoding?: string;
                exclude?: string[];
                falseWords?: string[];
                fixes?: (
                  | {
                      column: string;
                      file: string;
                      /** @enum {string} */
                      kind: 'edit';
                      line: number;
                      value: string;
                    }
                  | {
                      column: string;
                      file?: string;
                      find: string;
                      /** @enum {string} */
                      kind: 'replace';
                      replace: string;
                      whole?: boolean;
                    }
                  | {
                      field: string;
                      from: string;
                      /** @enum {string} */
                      kind: 'value';
                      to: string;
                    }
                  | {
                      /** @enum {string} */
                      code:
                        | 'INTAKE_E_CONTROL_CHAR'
                        | 'INTAKE_E_DATE'
                        | 'INTAKE_E_DATE_AMBIGUOUS'
                        | 'INTAKE_E_DATE_FUTURE'
                        | 'INTAKE_E_EMAIL'
                        | 'INTAKE_E_ENUM'
                        | 'INTAKE_E_MAX_LENGTH'
                        | 'INTAKE_E_PATTERN'
                        | 'INTAKE_E_PHONE'
                        | 'INTAKE_E_TYPE';
                      field: string;
                      file?: string;
                      /** @enum {string} */
                      kind: 'problem';
                      value: string | null;
                    }
                )[];
                headerRow?: number;
                headerRows?: {
                  [key: string]: number;
                };
                /** @enum {string} */
                hiddenRows?: 'import' | 'skip';
                list?: string;
                lookup?: {
                  [key: string]: string;
                };
                mapping?: {
                  [key: string]: string | null;
                };
                match?: string;
                /** @enum {string} */
                mode?:
                  | 'create'
                  | 'update'
                  | 'upsert'
                  | 'inactivate'
                  | 'reactivate'
                  | 'delete'
                  | 'anonymize'
                  | 'erase';
                only?: string[];
                phoneField?: string;
                priorityField?: string;
                referenceDefaults?: {
                  [key: string]: string;
                };
                resetstatus?: boolean;
                sheet?: string;
                skipLines?: number;
                trueWords?: string[];
                unique?: string[];
                /** @enum {string} */
                unmapped?: 'custom' | 'ignore';
                updateFields?: string[];
                validateEmail?: boolean;
                validatePhone?: boolean;
                verify?: string[];
              };
              schedule?: {
                cron: string;
                next: string;
                since: string;
                timezone: string;
                url: string;
              };
              updatedAt?: string;
              updatedBy?: string;
            };
          };
        };
      };
    };
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/templates/{name}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The runs of a template's schedule, latest first: imported, skipped (the same file), failed. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          name: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              dueAt: string;
              hash: string | null;
              importId: string | null;
              message: string | null;
              /** @enum {string} */
              outcome: 'running' | 'imported' | 'skipped' | 'failed';
              template: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              role: string;
              workspace: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @enum {string} */
            role: 'viewer' | 'importer' | 'approver' | 'admin';
          };
        };
      };
      responses: {
        /** @description The token; `secret` is shown this once. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id?: string;
              name?: string;
              role?: string;
              secret?: string;
              workspace?: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              name: string;
              role: string;
              workspace: string;
            }[];
          };
        };
      };
    };
    put?: never;
    /** @description Add a person who signs in with a name and a password. */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            password: string;
            /** @enum {string} */
            role: 'viewer' | 'importer' | 'approver' | 'admin';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              name: string;
              role: string;
              workspace: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** @description Disable a user: they cannot sign in, and their sessions end. */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/users/{id}/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** @description An admin sets a user's password (a forgotten one); their sessions end. */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              url: string;
              workspace: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            secret?: string;
            url: string;
          };
        };
      };
      responses: {
        /** @description The webhook with the secret its deliveries are signed with. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id?: string;
              secret?: string;
              url?: string;
              workspace?: string;
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              at: string;
              attempt: number;
              error: string | null;
              event: string;
              importId: string;
              statusCode: number | null;
              webhookId: string;
            }[];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/workspace/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The workspace's settings: when an import needs an approver. */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval?: {
                /** @description an import with more rows than this needs an approver */
                aboveRows?: number;
                /** @description every import needs an approver */
                always?: boolean;
              };
            };
          };
        };
      };
    };
    /** @description Set the workspace's settings. Approval: imports held for review are run by an importer, unless `approval.always` or more rows than `approval.aboveRows` (or the import's own request or template) want an approver. */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            approval?: {
              /** @description an import with more rows than this needs an approver */
              aboveRows?: number;
              /** @description every import needs an approver */
              always?: boolean;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              approval?: {
                /** @description an import with more rows than this needs an approver */
                aboveRows?: number;
                /** @description every import needs an approver */
                always?: boolean;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: never;
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
