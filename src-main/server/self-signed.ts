// Loaded on the first certificate made: selfsigned and its X.509 libraries cost the server about
// 15 MB of memory, and most runs never make a certificate.
export { generate } from 'selfsigned';
