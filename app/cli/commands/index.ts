/**
 * Every `tim` command, in the order `tim --help` lists them.
 */

import type { CommandSpec } from '../command.ts'
import { contactsCommand } from './contacts.ts'
import { conversationsCommand } from './conversations.ts'
import { desktopCommand } from './desktop.ts'
import { groupsCommand } from './groups.ts'
import { historyCommand } from './history.ts'
import { idCommand } from './id.ts'
import { initCommand } from './init.ts'
import { messageCommands } from './message-actions.ts'
import { nodeCommand } from './node.ts'
import { readCommand } from './read.ts'
import { relayCommand } from './relay.ts'
import { sendCommand } from './send.ts'
import { statsCommand } from './stats.ts'
import { statusCommand } from './status.ts'
import { watchCommand } from './watch.ts'

export const commands: readonly CommandSpec[] = [
  initCommand, nodeCommand, desktopCommand, idCommand, contactsCommand, statusCommand, sendCommand, ...messageCommands,
  historyCommand, conversationsCommand, groupsCommand, readCommand, watchCommand, statsCommand, relayCommand
]
