#pragma once
// The Hessian kernel of the logistic losses: H += sign * Xa' diag(c) Xa with Xa = [X, 1],
// c >= 0, into the lower triangle of H (a (d+1) x (d+1) block), as one symmetric rank-n update.

#include <Eigen/Dense>

namespace mlctl::models {

void add_weighted_gram(Eigen::Ref<Eigen::MatrixXd> lower, const Eigen::MatrixXd& X,
                       const Eigen::VectorXd& c, double sign);

// Copies the lower triangle of a square matrix onto its upper triangle.
void symmetrize_from_lower(Eigen::Ref<Eigen::MatrixXd> m);

}  // namespace mlctl::models
