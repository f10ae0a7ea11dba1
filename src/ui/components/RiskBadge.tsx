// A statement's risk as a short badge: READ / WRITE / DESTRUCTIVE, coloured when colour is on.

import React from 'react';
import { Text } from 'ink';
import type { Risk } from '../../runbook/model.js';
import { color, RISK_LABEL } from '../theme.js';

export function RiskBadge({ risk }: { risk: Risk }) {
  return (
    <Text color={color(risk)} bold={risk === 'destructive'}>
      [{RISK_LABEL[risk]}]
    </Text>
  );
}
