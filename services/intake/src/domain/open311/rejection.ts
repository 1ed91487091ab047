/**
 * Input an Open311 client must correct, with the HTTP status the specification asks for
 * (404 for what does not exist, 403 for the api_key, 400 for the rest) and one
 * description per problem found.
 */
export class Open311Rejection extends Error {
  override name = 'Open311Rejection';
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 413,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions.join('; '));
  }
}
