import { concat, keccak256, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'

import { feedId } from './feeds'
import { decodeFullReport, epochAndRound, recoverReportSigners, reportContext, reportSigningHash, signReport } from './fullReport'
import { LOCAL_SIGNER_KEYS, LOCAL_SIGNERS } from './localSigners'
import { encodeReportData } from './report'

const digest: Hex = `0x0006${'ab'.repeat(30)}`
const reportData = encodeReportData({
  version: 3, feedId: feedId(3, 'BTC/USD'), validFromTimestamp: 100, observationsTimestamp: 100,
  nativeFee: 0n, linkFee: 0n, expiresAt: 3700, benchmarkPrice: 10n ** 18n, bid: 10n ** 18n, ask: 10n ** 18n,
})

describe('full reports', () => {
  it('put epoch << 8 | round in the low 5 bytes of reportContext[1]', () => {
    const context = reportContext(digest, 0x01020304, 5)
    expect(context[1]).toBe(`0x${'0'.repeat(54)}0102030405`)
    expect(epochAndRound(context)).toEqual({ epoch: 0x01020304, round: 5 })
    expect(() => reportContext(digest, 2 ** 32)).toThrow()
  })

  it('sign keccak256(keccak256(reportData) ‖ context) and recover to the signers, v − 27 packed from the top byte', async () => {
    const full = await signReport({ reportData, configDigest: digest, epoch: 7, privateKeys: LOCAL_SIGNER_KEYS.slice(0, 2) })
    const decoded = decodeFullReport(full)
    expect(decoded.reportData).toBe(reportData)
    expect(decoded.reportContext[0]).toBe(digest)
    expect(decoded.rs).toHaveLength(2)
    expect(decoded.ss).toHaveLength(2)
    expect(decoded.rawVs.slice(6)).toBe('0'.repeat(60)) // only bytes 0 and 1 used
    for (const v of [decoded.rawVs.slice(2, 4), decoded.rawVs.slice(4, 6)]) expect(['00', '01']).toContain(v)
    expect(reportSigningHash(reportData, decoded.reportContext)).toBe(keccak256(concat([keccak256(reportData), ...decoded.reportContext])))
    expect(await recoverReportSigners(full)).toEqual(LOCAL_SIGNERS.slice(0, 2))
  })

  it('recover other addresses once the report data is altered', async () => {
    const full = await signReport({ reportData, configDigest: digest, epoch: 7, privateKeys: [LOCAL_SIGNER_KEYS[3]] })
    const tampered = full.replace(reportData.slice(-40), 'f'.repeat(40)) as Hex
    expect(await recoverReportSigners(full)).toEqual([LOCAL_SIGNERS[3]])
    expect(await recoverReportSigners(tampered)).not.toEqual([LOCAL_SIGNERS[3]])
  })
})
