/**
 * identity — account keys, device keys, device certificates, account ids and invites.
 * Owns `<data>/keys.json`. Never touches the network or the database: it makes, stores,
 * loads and verifies keys and the statements they sign.
 */

export * from './account-id.ts'
export * from './certificate.ts'
export * from './invite.ts'
export * from './keystore.ts'
export * from './account-record.ts'
export * from './safety-number.ts'
