/** What the HTTP probe records about one web service: the answer to GET /, without judgement. */
import { defineObservation } from '../../core/observation.js';

export interface HttpResponseData {
  readonly tls: boolean;
  readonly status: number;
  readonly server: string | null;
  readonly poweredBy: string | null;
  readonly title: string | null;
  readonly wwwAuthenticate: readonly string[]; // schemes and realms, e.g. 'Basic realm="Orthanc"'
  readonly location: string | null;
  readonly contentType: string | null;
  readonly passwordForm: boolean; // the page served holds a password input
  readonly adminHints: readonly string[]; // words in the title/login page that mark a console: 'login', 'admin' …
}
export const httpResponse = defineObservation<HttpResponseData>()('http.response', 'Answer of a web service to GET /');
