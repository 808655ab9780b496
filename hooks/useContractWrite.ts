'use client'

import { useCallback } from 'react'
import type { Abi, Address, Chain, Client, ContractFunctionArgs, ContractFunctionName, Hash, Transport } from 'viem'
import { estimateContractGas } from 'viem/actions'
import { useConfig, useWriteContract } from 'wagmi'
import { getAccount, getClient } from 'wagmi/actions'

import type { SupportedChainId } from '../lib/chains'

/** Headroom over the node's estimate, as most wallets add (25%). */
export const GAS_BUFFER_PERCENT = 125n

export function withGasBuffer(estimate: bigint): bigint {
  return (estimate * GAS_BUFFER_PERCENT + 99n) / 100n
}

type Mutability = 'nonpayable' | 'payable'

/** A contract write, typed against its ABI: a renamed function or a wrong argument is a type error. */
export type ContractWrite<abi extends Abi, functionName extends ContractFunctionName<abi, Mutability>> = {
  chainId: SupportedChainId | undefined
  address: Address
  abi: abi
  functionName: functionName
  args: ContractFunctionArgs<abi, Mutability, functionName>
}

/**
 * `writeContractAsync` with a gas limit of the node's estimate plus 25%. The engine's and vaults'
 * gas depends on the block a transaction lands in (funding accrued up to that second, which
 * markets are active), so an exact estimate made a block earlier can run out of gas by a few
 * percent (seen on anvil with `requestWithdrawal`). An estimate that reverts throws the
 * contract's own error, which useTransaction decodes like any other.
 */
export function useContractWrite() {
  const config = useConfig()
  const { writeContractAsync } = useWriteContract()
  return useCallback(
    async <const abi extends Abi, functionName extends ContractFunctionName<abi, Mutability>>(request: ContractWrite<abi, functionName>): Promise<Hash> => {
      const account = getAccount(config).address
      // The bare client, not getPublicClient/usePublicClient: their publicActions decorator bundles every viem action
      // (ENS, signature verification and its elliptic curves included); the actions used here are imported one by one.
      // Widened: viem's actions cannot infer over wagmi's union of one client per chain.
      const client = getClient(config, { chainId: request.chainId }) as Client<Transport, Chain>
      const loose = request as unknown as { address: Address; abi: Abi; functionName: string; args: readonly unknown[] }
      const estimate = await estimateContractGas(client, { ...loose, account })
      // The request's ABI typing was checked above; forward it as is, with the gas limit added.
      const write = writeContractAsync as unknown as (parameters: typeof loose & { chainId?: number; gas: bigint }) => Promise<Hash>
      return write({ ...loose, chainId: request.chainId, gas: withGasBuffer(estimate) })
    },
    [config, writeContractAsync],
  )
}
