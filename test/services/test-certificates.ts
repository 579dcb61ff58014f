/** @module Test-time TLS material made with `openssl`: a CA, a broker certificate for 127.0.0.1/localhost, a client certificate; PEM files. */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface TestCertificates {
  /** The CA certificate (PEM) that signed both certificates. */
  ca: string
  /** The broker's private key and certificate in one PEM file (Kafka's `ssl.keystore.type=PEM`). */
  brokerKeystore: string
  /** Client certificate and key (PEM), for mutual TLS. */
  clientCert: string
  clientKey: string
}

/** Writes the files into `dir` (about a second: three RSA keys). Needs `openssl` on the PATH. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => join(dir, name)
  const days = ['-days', '2']
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), ...days, '-subj', '/CN=tally test CA'])
  await writeFile(file('broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n')
  await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const [name, subject] of [['broker', '/CN=localhost'], ['client', '/CN=alice']] as const) {
    await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`), '-subj', subject])
    await openssl(['x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${name}.pem`), ...days, '-extfile', file(`${name}.ext`)])
  }
  // Kafka's PEM keystore: an unencrypted PKCS#8 key (what `openssl req -nodes` writes) followed by the certificate chain.
  const keystore = [await readFile(file('broker.key'), 'utf8'), await readFile(file('broker.pem'), 'utf8'), await readFile(file('ca.pem'), 'utf8')].join('')
  await writeFile(file('broker-keystore.pem'), keystore)
  return { ca: file('ca.pem'), brokerKeystore: file('broker-keystore.pem'), clientCert: file('client.pem'), clientKey: file('client.key') }
}

function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (!error) return resolve()
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
      reject(new Error(missing ? 'openssl is not installed (apt-get install openssl)' : `openssl ${args[0]} failed: ${stderr.trim()}`, { cause: error }))
    })
  })
}
