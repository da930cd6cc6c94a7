/**
 * Reads an uploaded SBOM or VEX file in a worker thread (device-documents.ts `readUpload`): a large SBOM takes
 * seconds to parse and check against its schema, and on the serving thread that would stop every other request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readUploadHere, type UploadJob } from './read-upload.js';

parentPort!.postMessage(readUploadHere(workerData as UploadJob));
