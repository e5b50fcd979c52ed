import type { ClassicPreset, GetSchemes } from 'rete'
import type { ContextMenuExtra } from 'rete-context-menu-plugin'
import type { MinimapExtra } from 'rete-minimap-plugin'
import type { ReactArea2D } from 'rete-react-plugin'

import type { InspectNode } from './inspect-node'

/** A connection between two inspect nodes; `socketType` (set by the connection guard) colours the wire, `picked` marks it for Delete. */
export type Link = ClassicPreset.Connection<InspectNode, InspectNode> & { socketType?: string; isLoop?: boolean; picked?: boolean }

/** The Rete schemes of this editor. */
export type Schemes = GetSchemes<InspectNode, Link>

/** Extra render signals of the area: React nodes, context menu and minimap. */
export type AreaExtra = ReactArea2D<Schemes> | ContextMenuExtra | MinimapExtra
