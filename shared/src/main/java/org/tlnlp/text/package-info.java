/**
 * Tokenizers and vocabularies: BERT's WordPiece ({@link org.tlnlp.text.BertTokenizer}, the same ids as Hugging
 * Face's), GPT-2's byte-level BPE ({@link org.tlnlp.text.ByteLevelBpe}, the same ids as JTokkit) and a BPE trainer,
 * ELMo's character ids, a bag of words.
 */
package org.tlnlp.text;
