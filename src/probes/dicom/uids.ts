/**
 * The few DICOM UIDs the probes speak: application context, transfer syntaxes, and the SOP classes proposed in
 * the service map. Every abstract syntax here is well known and public (PS3.4/PS3.6); nothing site-specific.
 */
export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';

/** Our own implementation identity: a 2.25 UUID-derived root so PACS logs show a tool that is not DCMTK. */
export const RADGUARD_IMPLEMENTATION_UID = '2.25.226913442049375470838195283452516412737';
export const RADGUARD_VERSION_NAME = 'RADGUARD_010';

export const SOP = {
  verification: '1.2.840.10008.1.1',
  studyRootFind: '1.2.840.10008.5.1.4.1.2.2.1',
  studyRootMove: '1.2.840.10008.5.1.4.1.2.2.2',
  studyRootGet: '1.2.840.10008.5.1.4.1.2.2.3',
  patientRootFind: '1.2.840.10008.5.1.4.1.2.1.1',
  patientRootMove: '1.2.840.10008.5.1.4.1.2.1.2',
  patientRootGet: '1.2.840.10008.5.1.4.1.2.1.3',
  modalityWorklistFind: '1.2.840.10008.5.1.4.31',
  mpps: '1.2.840.10008.3.1.2.3.3',
  storageCommitment: '1.2.840.10008.1.20.1',
  basicGrayscalePrint: '1.2.840.10008.5.1.1.9',
  basicColorPrint: '1.2.840.10008.5.1.1.18',
  ctStorage: '1.2.840.10008.5.1.4.1.1.2',
  mrStorage: '1.2.840.10008.5.1.4.1.1.4',
  crStorage: '1.2.840.10008.5.1.4.1.1.1',
  secondaryCaptureStorage: '1.2.840.10008.5.1.4.1.1.7',
  mammographyStorage: '1.2.840.10008.5.1.4.1.1.1.2',
} as const;

export type ServiceName =
  | 'verification'
  | 'storage-ct'
  | 'storage-mr'
  | 'storage-cr'
  | 'storage-secondary-capture'
  | 'storage-mammography'
  | 'study-root-find'
  | 'study-root-move'
  | 'study-root-get'
  | 'patient-root-find'
  | 'patient-root-move'
  | 'patient-root-get'
  | 'modality-worklist'
  | 'mpps'
  | 'storage-commitment'
  | 'print-grayscale'
  | 'print-color';

/** The service map proposed in one association (PS3.8 allows 128 contexts; 17 keeps the RQ under 2 KiB). */
export const SERVICE_MAP: ReadonlyArray<{ readonly name: ServiceName; readonly uid: string }> = [
  { name: 'verification', uid: SOP.verification },
  { name: 'storage-ct', uid: SOP.ctStorage },
  { name: 'storage-mr', uid: SOP.mrStorage },
  { name: 'storage-cr', uid: SOP.crStorage },
  { name: 'storage-secondary-capture', uid: SOP.secondaryCaptureStorage },
  { name: 'storage-mammography', uid: SOP.mammographyStorage },
  { name: 'study-root-find', uid: SOP.studyRootFind },
  { name: 'study-root-move', uid: SOP.studyRootMove },
  { name: 'study-root-get', uid: SOP.studyRootGet },
  { name: 'patient-root-find', uid: SOP.patientRootFind },
  { name: 'patient-root-move', uid: SOP.patientRootMove },
  { name: 'patient-root-get', uid: SOP.patientRootGet },
  { name: 'modality-worklist', uid: SOP.modalityWorklistFind },
  { name: 'mpps', uid: SOP.mpps },
  { name: 'storage-commitment', uid: SOP.storageCommitment },
  { name: 'print-grayscale', uid: SOP.basicGrayscalePrint },
  { name: 'print-color', uid: SOP.basicColorPrint },
];
