'use client'

import { useAccount } from 'wagmi'

import { PROTOCOL_ABIS } from '../lib/abis'
import { formatToken } from '../lib/format'
import { mainVaultAbi, stockTokenAbi } from '../lib/generated'
import { SHARE_DECIMALS, VAULT_KIND_LABEL, type VaultView } from '../lib/vaults'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useTransaction } from './useTransaction'

/**
 * LP writes on one vault: approve → deposit (ERC4626 has no permit entry), request a withdrawal
 * (shares go to escrow, cooldown starts), execute it after the cooldown, or cancel it.
 */
export function useVaultActions() {
  const { address: user } = useAccount()
  const { chainId } = useDeployment()
  const { send, isSending } = useTransaction()
  const writeContractAsync = useContractWrite()

  const name = (vault: VaultView) => `${vault.stock.symbol} ${VAULT_KIND_LABEL[vault.kind].toLowerCase()}`

  async function approve(vault: VaultView, amount: bigint) {
    return send({
      label: `Approve ${formatToken(amount, 18)} ${vault.stock.symbol} for the ${name(vault)}`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: vault.stock.token, abi: stockTokenAbi, functionName: 'approve', args: [vault.address, amount] }),
    })
  }

  async function deposit(vault: VaultView, amount: bigint) {
    if (!user) return undefined
    return send({
      label: `Deposit ${formatToken(amount, 18)} ${vault.stock.symbol} into the ${name(vault)}`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: vault.address, abi: mainVaultAbi, functionName: 'deposit', args: [amount, user] }),
    })
  }

  async function requestWithdrawal(vault: VaultView, shares: bigint) {
    return send({
      label: `Request withdrawal of ${formatToken(shares, SHARE_DECIMALS)} ${name(vault)} shares`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: vault.address, abi: mainVaultAbi, functionName: 'requestWithdrawal', args: [shares] }),
    })
  }

  async function executeWithdrawal(vault: VaultView) {
    if (!user) return undefined
    return send({
      label: `Execute withdrawal from the ${name(vault)}`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: vault.address, abi: mainVaultAbi, functionName: 'executeWithdrawal', args: [user] }),
    })
  }

  async function cancelWithdrawal(vault: VaultView) {
    return send({
      label: `Cancel withdrawal from the ${name(vault)}`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: vault.address, abi: mainVaultAbi, functionName: 'cancelWithdrawal', args: [] }),
    })
  }

  return { approve, deposit, requestWithdrawal, executeWithdrawal, cancelWithdrawal, isSending }
}
