/**
 * `npm run gateway-key`: makes the key pair a deployment needs — the gateway signs each caller
 * context with the private key (GATEWAY_SIGNING_KEY), every subgraph verifies with the public one
 * (GATEWAY_PUBLIC_KEY). Prints them as .env lines.
 */
import { exportJWK, generateKeyPair } from 'jose';

async function main(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  console.log(`GATEWAY_SIGNING_KEY='${JSON.stringify(await exportJWK(privateKey))}'`);
  console.log(`GATEWAY_PUBLIC_KEY='${JSON.stringify(await exportJWK(publicKey))}'`);
}

void main();
