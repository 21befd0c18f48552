/** group ops on the wire (helper A fills this) */
export {}
