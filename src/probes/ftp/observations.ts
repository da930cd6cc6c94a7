/** What the FTP probe records: the greeting, and how the server answered an anonymous login and FEAT/AUTH TLS. */
import { defineObservation } from '../../core/observation.js';

export interface FtpBannerData {
  readonly code: number;
  readonly text: string; // greeting lines joined with a newline
}
export const ftpBanner = defineObservation<FtpBannerData>()('ftp.banner', 'FTP greeting');

export interface FtpLoginData {
  readonly anonymous: 'allowed' | 'refused' | 'unknown';
  readonly passwordAsked: boolean; // 331 after USER anonymous (false: in without any password)
  readonly replies: readonly string[]; // 'USER anonymous → 331 Please specify the password.' …
  readonly authTls: 'offered' | 'not-offered' | 'unknown';
  readonly features: readonly string[];
}
export const ftpLogin = defineObservation<FtpLoginData>()('ftp.login', 'Anonymous login attempt and FTPS support');
