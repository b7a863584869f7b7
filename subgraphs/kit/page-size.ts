/** The page sizes of every list in the hub (kept apart from the connection types, so the gateway can check them without type-graphql). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 500;
