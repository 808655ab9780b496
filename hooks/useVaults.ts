'use client'

import { useMemo } from 'react'
import { type Address, erc20Abi, zeroAddress } from 'viem'
import { useAccount, useReadContracts } from 'wagmi'

import { mainVaultAbi } from '../lib/generated'
import { type VaultPauseReason, vaultPauseFromCode } from '../lib/protocol'
import { SHARE_UNIT, type VaultKind, type VaultView } from '../lib/vaults'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

/** Reads per vault, in this order (the main vault adds utilizationWad at the end). */
const VAULT_READS = [
  'totalAssets',
  'totalSupply',
  'convertToAssets',
  'exitFeeBps',
  'cooldown',
  'entryPauseReason',
  'exitPauseReason',
  'balanceOf',
  'withdrawalRequest',
  'cooldownRemaining',
] as const

/**
 * Every vault of every stock token (main and insurance): NAV, supply, share price, exit fee,
 * cooldown, pause reasons, main-vault utilization, and the connected LP's shares, pending request,
 * wallet balance and allowance. One multicall, every block. Both vault kinds share the
 * LivestockVault ABI; `mainVaultAbi` is a superset and is used for both.
 */
export function useVaults() {
  const { address: user } = useAccount()
  const { chainId, stocks, addresses } = useDeployment()
  const owner = user ?? zeroAddress

  const vaults = useMemo(
    () =>
      stocks.flatMap((stock) => [
        { stock, kind: 'main' as VaultKind, address: stock.mainVault },
        { stock, kind: 'insurance' as VaultKind, address: stock.insuranceVault },
      ]),
    [stocks],
  )

  const contracts = useMemo(
    () =>
      vaults.flatMap(({ stock, kind, address }) => {
        const reads = VAULT_READS.map((functionName) => ({
          chainId,
          address,
          abi: mainVaultAbi,
          functionName,
          args: argsFor(functionName, owner),
        }))
        const extra = [
          { chainId, address: stock.token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] },
          { chainId, address: stock.token, abi: erc20Abi, functionName: 'allowance', args: [owner, address] },
          ...(kind === 'main' ? [{ chainId, address, abi: mainVaultAbi, functionName: 'utilizationWad', args: [] }] : []),
        ]
        return [...reads, ...extra]
      }),
    [vaults, chainId, owner],
  )

  const query = useReadContracts({
    contracts: contracts as never[],
    query: { enabled: addresses !== undefined && vaults.length > 0 },
  })

  const views = useMemo<VaultView[]>(() => {
    const data = query.data as ({ status: string; result?: unknown } | undefined)[] | undefined
    // Where each vault's reads start in the batch (main vaults have one read more).
    const starts: number[] = []
    let next = 0
    for (const { kind } of vaults) {
      starts.push(next)
      next += VAULT_READS.length + 2 + (kind === 'main' ? 1 : 0)
    }
    return vaults.map(({ stock, kind, address }, index) => {
      const at = (i: number) => data?.[starts[index] + i]
      const request = resultOf<readonly [bigint, bigint | number]>(at(8))
      const view: VaultView = {
        stock,
        kind,
        address,
        totalAssets: resultOf<bigint>(at(0)),
        totalSupply: resultOf<bigint>(at(1)),
        assetsPerShare: resultOf<bigint>(at(2)),
        exitFeeBps: numberOf(resultOf<number>(at(3))),
        cooldown: toBigint(resultOf<bigint | number>(at(4))),
        entryPause: pauseOf(resultOf<number>(at(5))),
        exitPause: pauseOf(resultOf<number>(at(6))),
        shares: user ? resultOf<bigint>(at(7)) : undefined,
        request: user && request ? { shares: request[0], readyAt: BigInt(request[1]) } : undefined,
        cooldownRemaining: user ? toBigint(resultOf<bigint>(at(9))) : undefined,
        walletBalance: user ? resultOf<bigint>(at(10)) : undefined,
        allowance: user ? resultOf<bigint>(at(11)) : undefined,
        utilizationWad: kind === 'main' ? resultOf<bigint>(at(12)) : undefined,
      }
      return view
    })
  }, [vaults, query.data, user])

  return {
    vaults: views,
    forStock: (symbol: string) => views.filter((view) => view.stock.symbol === symbol),
    isConnected: user !== undefined,
    isLoading: query.isLoading,
    error: query.error,
  }
}

function argsFor(functionName: (typeof VAULT_READS)[number], owner: Address): readonly unknown[] {
  switch (functionName) {
    case 'convertToAssets':
      return [SHARE_UNIT]
    case 'balanceOf':
    case 'withdrawalRequest':
    case 'cooldownRemaining':
      return [owner]
    default:
      return []
  }
}

function pauseOf(code: number | undefined): VaultPauseReason | undefined {
  return code === undefined ? undefined : vaultPauseFromCode(Number(code))
}

function numberOf(value: number | bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value)
}

function toBigint(value: bigint | number | undefined): bigint | undefined {
  return value === undefined ? undefined : BigInt(value)
}

