import type { ReactNode } from 'react'
import { PlugForm } from './plug-form.tsx'
import { PlugList } from './plug-list.tsx'

export function PlugSettings(): ReactNode {
  return (
    <section aria-labelledby="plugs-heading">
      <h2 id="plugs-heading">Smart plugs</h2>
      <article className="card plug-settings">
        <PlugList />
        <PlugForm />
      </article>
    </section>
  )
}
