'use client'

import dynamic from 'next/dynamic'
import { useState } from 'react'
import { useAccount } from 'wagmi'

/**
 * RainbowKit (its modals, wallet list, i18n, ENS avatar lookups and QR code: about a fifth of the app's
 * JavaScript) loads when it is needed: when the visitor asks to connect, or at once when a wallet is already
 * connected or reconnecting. Until then a button that looks and reads like RainbowKit's own stands in.
 */
const loadRainbowWallet = () => import('./RainbowWallet')
const RainbowWallet = dynamic(loadRainbowWallet, { ssr: false, loading: () => <ConnectPlaceholder pending /> })

export function WalletButton() {
  const { status } = useAccount()
  const [openModal, setOpenModal] = useState(false)
  const [loaded, setLoaded] = useState(false)
  // 'connecting' alone is wagmi probing for an authorized wallet on page load (it usually finds none);
  // 'reconnecting' means a wallet was connected last time. Once RainbowKit is in, it stays: after a
  // disconnect it shows its own connect button.
  if (!loaded && (openModal || status === 'connected' || status === 'reconnecting')) setLoaded(true)
  if (!loaded) return <ConnectPlaceholder onClick={() => setOpenModal(true)} onIntent={() => void loadRainbowWallet()} />
  return <RainbowWallet openConnectModal={openModal} />
}

/** RainbowKit's connect button as it renders under darkTheme({ borderRadius: 'medium' }), same label and test id. */
function ConnectPlaceholder({ onClick, onIntent, pending = false }: { onClick?: () => void; onIntent?: () => void; pending?: boolean }) {
  return (
    <button
      type="button"
      data-testid="rk-connect-button"
      onClick={onClick}
      onPointerEnter={onIntent}
      onFocus={onIntent}
      aria-busy={pending || undefined}
      className="h-10 rounded-lg bg-[#3898FF] px-3.5 text-base font-extrabold text-white shadow-[0px_4px_12px_rgba(0,0,0,0.1)] transition-transform hover:scale-[1.025] active:scale-95"
      style={{ fontFamily: 'SFRounded, ui-rounded, "SF Pro Rounded", -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif' }}
    >
      Connect Wallet
    </button>
  )
}
