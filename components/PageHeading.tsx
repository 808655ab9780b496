import type { ReactNode } from 'react'

/** A page heading with a short description; pages fill in their content once lib/generated.ts exists. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-50">{title}</h1>
      {children && <p className="max-w-3xl text-zinc-400">{children}</p>}
    </div>
  )
}
