'use client'

import '@rainbow-me/rainbowkit/styles.css'

import { ConnectButton, darkTheme, RainbowKitProvider, useConnectModal } from '@rainbow-me/rainbowkit'
import { useEffect, useRef } from 'react'

import { localChain } from '../../lib/chains'

const theme = darkTheme({ borderRadius: 'medium' })

/**
 * RainbowKit's provider, modals and connect button, loaded on demand by WalletButton. The modals render
 * in a portal on document.body, so the provider only needs to wrap the button.
 */
export default function RainbowWallet({ openConnectModal }: { openConnectModal: boolean }) {
  return (
    <RainbowKitProvider theme={theme} initialChain={localChain} modalSize="compact">
      <ConnectOnMount open={openConnectModal} />
      <ConnectButton chainStatus="icon" showBalance={false} accountStatus="address" />
    </RainbowKitProvider>
  )
}

/** The visitor clicked "Connect Wallet" before RainbowKit had loaded: open its modal once it is here. */
function ConnectOnMount({ open }: { open: boolean }) {
  const { openConnectModal } = useConnectModal()
  const done = useRef(false)
  useEffect(() => {
    if (!open || done.current || !openConnectModal) return
    done.current = true
    openConnectModal()
  }, [open, openConnectModal])
  return null
}
